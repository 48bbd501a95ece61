"""Min plan's rows as FHIR resources (the profile: app/api/profile.py, docs/fhir-profile.md), each
built as JSON data that its fhir.resources model checks where checking is on (app/api/fhir_json.py)."""

from __future__ import annotations

from datetime import date, datetime

from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from app.api import fhir_json, profile
from app.api.timing import timing
from app.domain import identity_numbers
from app.models import Measure, Person
from app.services.api_reads import GoalRead, PlanRead

# The person's own word for how much a goal matters, as HL7's goal priorities.
PRIORITIES = {"very": "high-priority", "some": "medium-priority", "little": "low-priority"}


def _meta(version: str, last_updated: datetime) -> dict:
    return {"versionId": version, "lastUpdated": last_updated}


def identifier(person: Person) -> dict:
    try:
        d_number = identity_numbers.parse(person.pid).d_number
    except identity_numbers.InvalidIdentityNumber:
        d_number = False
    return {"system": profile.DNR_SYSTEM if d_number else profile.FNR_SYSTEM, "value": person.pid}


def patient_reference(person: Person) -> dict:
    reference = {"reference": f"Patient/{person.id}", "identifier": identifier(person)}
    if person.name:
        reference["display"] = person.name
    return reference


def patient_version(person: Person) -> str:
    # A person's row has no version of its own yet; what the resource carries is set once.
    return "1"


def patient(person: Person) -> dict:
    data = {
        "resourceType": "Patient",
        "id": str(person.id),
        "meta": _meta(patient_version(person), person.created_at),
        "identifier": [{"use": "official", **identifier(person)}],
        "birthDate": person.birth_date,
    }
    if person.name:
        data["name"] = [{"use": "official", "text": person.name}]
    return fhir_json.resource(Patient, data)


def plan_status(plan, today: date) -> str:
    if plan.consented_on is None:
        return "draft"  # no plan without the person's consent: not in force yet
    if plan.period_end is not None and plan.period_end < today:
        return "completed"
    return "active"


def measure_version(measure: Measure) -> str:
    return str(measure.version)


def _identifiers(held) -> list[dict]:
    return [{"system": system, "value": value} for system, value in held]


def service_request(measure: Measure, owner: Person, last_updated: datetime, identifiers=()) -> dict:
    """A measure (tiltak) as its own resource, so a system can change one measure with the version
    it read while the coordinator changes another: what, how much, the service responsible and its
    role, how it is done, the goal it serves and when it happens."""
    extensions: list[dict] = []
    if measure.goal_id is not None:
        extensions.append(
            {"url": profile.EXT_PERTAINS_TO_GOAL, "valueReference": {"reference": f"Goal/{measure.goal_id}"}}
        )
        if measure.goal is not None and measure.goal.private_from_parents:
            # As its goal: a receiving system keeps it from the parents as Min plan does.
            extensions.append({"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True})
    if measure.how_much:
        extensions.append({"url": profile.EXT_HOW_MUCH, "valueString": measure.how_much})
    # A Timing holds one pattern: a measure with one has it as occurrenceTiming; one with several
    # (mornings on weekdays, a longer visit on Saturdays) has each as a `schedule` extension instead.
    timings = [found for found in (timing(entry) for entry in measure.schedule) if found]
    data: dict = {
        "resourceType": "ServiceRequest",
        "id": str(measure.id),
        "meta": _meta(measure_version(measure), last_updated),
        "status": "active",
        "intent": "plan",
        "category": [{"coding": [{"system": profile.PLAN_CATEGORY_SYSTEM, "code": profile.INDIVIDUAL_PLAN}]}],
        "code": {"text": measure.what},
        "subject": patient_reference(owner),
        "basedOn": [{"reference": f"CarePlan/{measure.plan_id}"}],
        "performer": [{"display": measure.service_name}],
    }
    if identifiers:
        data["identifier"] = _identifiers(identifiers)
    if measure.responsible_role:
        data["performerType"] = {"text": measure.responsible_role}
    if measure.how:
        data["patientInstruction"] = measure.how
    if len(timings) == 1:
        data["occurrenceTiming"] = timings[0]
    else:
        extensions += [{"url": profile.EXT_SCHEDULE, "valueTiming": found} for found in timings]
    if extensions:
        data["extension"] = extensions
    return fhir_json.resource(ServiceRequest, data)


def care_plan(read: PlanRead, today: date) -> dict:
    plan = read.plan
    data: dict = {
        "resourceType": "CarePlan",
        "id": str(plan.id),
        "meta": _meta(read.version, read.last_updated),
        "status": plan_status(plan, today),
        "intent": "plan",
        "category": [{"coding": [{"system": profile.PLAN_CATEGORY_SYSTEM, "code": profile.INDIVIDUAL_PLAN}]}],
        "title": "Individuell plan",
        "subject": patient_reference(plan.owner),
        "goal": [{"reference": f"Goal/{goal_id}"} for goal_id in read.goal_ids],
        # Each measure is its own ServiceRequest (read, searched and written on its own).
        "activity": [{"reference": {"reference": f"ServiceRequest/{measure_id}"}} for measure_id in read.measure_ids],
    }
    period = {key: value for key, value in (("start", plan.period_start), ("end", plan.period_end)) if value}
    if period:
        data["period"] = period
    if plan.next_revision:
        data["extension"] = [{"url": profile.EXT_NEXT_REVISION, "valueDate": plan.next_revision}]
    if plan.coordinator_name:
        data["contributor"] = [{"display": plan.coordinator_name}]
    return fhir_json.resource(CarePlan, data)


def _lifecycle(goal) -> str:
    if goal.status == "proposed":
        return "proposed"
    if goal.answer == "not_now":
        return "rejected"
    return "active"


def expressed_by_of(found) -> dict | None:
    """Who proposed a goal that came from the person's side ("Hva er viktig for deg?"): she, or
    the representative who wrote it for her. A goal the coordinator wrote with her has none."""
    if found.status != "proposed" and found.answer is None:
        return None
    owner = found.plan.owner
    author = found.changed_by
    if author is None or author.id == owner.id:
        return patient_reference(owner)
    return {"display": author.name} if author.name else None


def goal(read: GoalRead) -> dict:
    found = read.goal
    extensions = [
        {"url": url, "valueString": value}
        for url, value in (
            (profile.EXT_OWN_RESOURCES, found.own_resources),
            (profile.EXT_NETWORK_HELP, found.network_help),
            (profile.EXT_NEEDS, found.needs),
            (profile.EXT_PROPOSED_TEXT, found.proposed_text),
        )
        if value
    ]
    if found.private_from_parents:
        extensions.append({"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True})
    # Goal has no element for the plan it is in (CarePlan.goal points the other way): a system
    # that creates a goal names the plan the same way (app/api/goal_input.py).
    extensions.append({"url": profile.EXT_CARE_PLAN, "valueReference": {"reference": f"CarePlan/{found.plan_id}"}})
    data: dict = {
        "resourceType": "Goal",
        "id": str(found.id),
        "meta": _meta(str(found.version), read.last_updated),
        "lifecycleStatus": _lifecycle(found),
        "category": [{"coding": [{"system": profile.LIFE_AREA_SYSTEM, "code": found.life_area}]}],
        "description": {"text": found.text},
        "subject": patient_reference(found.plan.owner),
    }
    if read.identifiers:
        data["identifier"] = _identifiers(read.identifiers)
    expressed_by = expressed_by_of(found)
    if expressed_by is not None:
        data["expressedBy"] = expressed_by
    if found.answer == "not_now" and found.answer_reason:
        data["statusReason"] = found.answer_reason
    if found.importance in PRIORITIES:
        data["priority"] = {"coding": [{"system": profile.GOAL_PRIORITY_SYSTEM, "code": PRIORITIES[found.importance]}]}
    if extensions:
        data["extension"] = extensions
    return fhir_json.resource(FhirGoal, data)
