"""Who helps in a plan as a FHIR CareTeam (app/services/api_team_reads.py), built to its
fhir.resources model: the coordinator first, then the plan's current helpers as the plan holds them.

CareTeam has no element for the plan it serves (CarePlan.careTeam points the other way): the plan
is named in the `care-plan` extension, as a Goal names it."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B.careteam import CareTeam

from app.api import fhir_json, profile
from app.api.resources import patient_reference
from app.models import Participant, Plan
from app.services.api_team_reads import TeamRead

CARE_TEAM_ROLE_SYSTEM = f"{profile.PROFILE_BASE}/CodeSystem/care-team-role"
COORDINATOR = "coordinator"
# Participant.kind as it is stored: a service, a relative, another agency (NAV, school, …).
PARTICIPANT_KINDS = ("service", "relative", "agency")


def _status(plan: Plan, today: date) -> str:
    # As the plan's own status (app/api/resources.py): no team in force before the person consents.
    if plan.consented_on is None:
        return "proposed"
    if plan.period_end is not None and plan.period_end < today:
        return "inactive"
    return "active"


def _role(code: str, text: str | None) -> list[dict]:
    concept: dict = {"coding": [{"system": CARE_TEAM_ROLE_SYSTEM, "code": code}]}
    if text:
        concept["text"] = text
    return [concept]


def _helper(participant: Participant, kept_from_parents: bool) -> dict:
    member = {"display": participant.name or participant.service}
    found: dict = {
        "role": _role(participant.kind if participant.kind in PARTICIPANT_KINDS else "service", participant.role),
        "member": member,
    }
    if participant.name and participant.kind != "relative":
        found["onBehalfOf"] = {"display": participant.service}
    extensions = []
    if participant.helps_with:
        extensions.append({"url": profile.EXT_HELPS_WITH, "valueString": participant.helps_with})
    if kept_from_parents:
        extensions.append({"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True})
    if extensions:
        found["extension"] = extensions
    return found


def care_team(read: TeamRead, today: date) -> dict:
    plan = read.plan
    participants = []
    if plan.coordinator_name:
        participants.append({"role": _role(COORDINATOR, "Koordinator"), "member": {"display": plan.coordinator_name}})
    participants += [_helper(helper, helper.id in read.kept_from_parents) for helper in plan.participants]
    data: dict = {
        "resourceType": "CareTeam",
        "id": str(plan.id),
        "meta": {"versionId": read.version, "lastUpdated": read.last_updated},
        "extension": [{"url": profile.EXT_CARE_PLAN, "valueReference": {"reference": f"CarePlan/{plan.id}"}}],
        "status": _status(plan, today),
        "name": "Individuell plan",
        "subject": patient_reference(plan.owner),
        "managingOrganization": [{"display": f"{read.municipality.name} kommune"}],
    }
    if participants:
        data["participant"] = participants
    if plan.coordinator_phone:
        data["telecom"] = [{"system": "phone", "value": plan.coordinator_phone, "use": "work"}]
    return fhir_json.resource(CareTeam, data)
