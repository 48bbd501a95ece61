"""Min plan's FHIR profile in code: the identifier systems, code systems and extensions its
resources use, as docs/fhir-profile.md describes them. No national profile for individuell plan
exists (HL7 Norway's CarePlan is experimental), so identifiers follow no-basis and the rest is ours.

Our own canonical URLs live under PROFILE_BASE, a placeholder until the profile is published on a
municipality's or Min plan's own address; the codes and element names will not change with it.
"""

from __future__ import annotations

# no-basis (HL7 Norway): the national identity number and the D-number.
FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.2"
IDENTITY_SYSTEMS = (FNR_SYSTEM, DNR_SYSTEM)

PROFILE_BASE = "https://minplan.example.no/fhir"
# The life areas of app/domain/vocabulary.py (health, daily-living, housing, work, school, …).
LIFE_AREA_SYSTEM = f"{PROFILE_BASE}/CodeSystem/life-area"
PLAN_CATEGORY_SYSTEM = f"{PROFILE_BASE}/CodeSystem/plan-category"
INDIVIDUAL_PLAN = "individuell-plan"
GOAL_PRIORITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-priority"
# A staff member by their work e-mail address, as the municipality's own identity provider knows them.
STAFF_EMAIL_SYSTEM = f"{PROFILE_BASE}/NamingSystem/staff-email"

# Extensions.
EXT_HOW_MUCH = f"{PROFILE_BASE}/StructureDefinition/how-much"  # ServiceRequest: valueString
EXT_SCHEDULE = f"{PROFILE_BASE}/StructureDefinition/schedule"  # ServiceRequest: valueTiming, each time pattern
# HL7's own extension for "this serves that goal" (ServiceRequest.reasonReference may not name a Goal).
EXT_PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal"  # ServiceRequest
EXT_RECURRENCE = f"{PROFILE_BASE}/StructureDefinition/recurrence"  # Timing: valueString, the RFC 5545 rule
EXT_NEXT_REVISION = f"{PROFILE_BASE}/StructureDefinition/next-revision"  # CarePlan: valueDate
EXT_PRIVATE_FROM_PARENTS = f"{PROFILE_BASE}/StructureDefinition/private-from-parents"  # Goal: valueBoolean
EXT_OWN_RESOURCES = f"{PROFILE_BASE}/StructureDefinition/own-resources"  # Goal: valueString
EXT_NETWORK_HELP = f"{PROFILE_BASE}/StructureDefinition/network-help"  # Goal: valueString
EXT_NEEDS = f"{PROFILE_BASE}/StructureDefinition/needs"  # Goal: valueString
EXT_PROPOSED_TEXT = f"{PROFILE_BASE}/StructureDefinition/proposed-text"  # Goal: valueString
EXT_CARE_PLAN = f"{PROFILE_BASE}/StructureDefinition/care-plan"  # Goal: valueReference, the plan it is in

# Appointment: a koordineringsmøte, or a visit of a measure the coordinator cancelled or moved.
APPOINTMENT_KIND_SYSTEM = f"{PROFILE_BASE}/CodeSystem/appointment-kind"
COORDINATION_MEETING = "coordination-meeting"
VISIT = "visit"
EXT_VIDEO_LINK = f"{PROFILE_BASE}/StructureDefinition/video-link"  # Appointment: valueUrl, the video meeting
EXT_ORIGINAL_START = (
    f"{PROFILE_BASE}/StructureDefinition/original-start"  # Appointment: valueDateTime, as the rule gave it
)
EXT_HELPS_WITH = f"{PROFILE_BASE}/StructureDefinition/helps-with"  # CareTeam.participant: valueString
