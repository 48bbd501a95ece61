"""A Goal a municipal system sends (POST /fhir/Goal, PUT /fhir/Goal/<id>), read strictly: the body
is parsed and validated by the same fhir.resources model the reads are built with, then held to
Min plan's profile (docs/fhir-profile.md) and to the coordinator's goal form's own rules
(app/schemas/plan_editor.GoalFormSchema), before anything is written. Whatever Min plan would not
keep (an element or extension outside the profile) is refused, never silently dropped, and what
is not the system's to say (the person's priority, her own words, whether a child keeps the goal
from her parents, the coordinator's answer to a proposal) must be sent as it is or left out."""

from __future__ import annotations

from dataclasses import dataclass

from fhir.resources.R4B.goal import Goal as FhirGoal
from marshmallow import ValidationError

from app.api import profile
from app.api.idempotent import sent_identifier
from app.api.request_body import Refused, body, model, no_modifiers, only_profiled, reference_id
from app.api.resources import PRIORITIES, expressed_by_of
from app.models import Goal
from app.schemas.plan_editor import GoalFormSchema
from app.services.planning import GoalDetails

# The elements of Goal the profile carries; any other is refused (422), not dropped.
ELEMENTS = {"resourceType", "id", "meta", "extension", "lifecycleStatus", "category", "priority"}
ELEMENTS |= {"description", "subject", "statusReason", "identifier", "expressedBy"}
WRITABLE_EXTENSIONS = {
    profile.EXT_OWN_RESOURCES: "own_resources",
    profile.EXT_NETWORK_HELP: "network_help",
    profile.EXT_NEEDS: "needs",
}


@dataclass(frozen=True)
class SentGoal:
    id: str | None
    plan_id: int | None  # from the care-plan extension
    details: GoalDetails
    read_only: dict  # what was sent of what is not the system's to change
    subject: object  # Goal.subject as sent
    identifier: tuple[str, str] | None  # the system's own id for it (app/api/idempotent.py)


def _life_area(goal: FhirGoal) -> str | None:
    codings = [coding for concept in goal.category or [] for coding in concept.coding or []]
    if len(codings) != 1 or codings[0].system != profile.LIFE_AREA_SYSTEM:
        raise Refused(422, "invariant", f"category is one coding of {profile.LIFE_AREA_SYSTEM}")
    return codings[0].code


def _extensions(goal: FhirGoal) -> tuple[dict, dict, int | None]:
    """(writable fields, read-only values as sent, the plan referred to)."""
    no_modifiers(goal)
    writable, read_only, plan_id = {}, {}, None
    for extension in goal.extension or []:
        if extension.url in WRITABLE_EXTENSIONS:
            writable[WRITABLE_EXTENSIONS[extension.url]] = extension.valueString or ""
        elif extension.url == profile.EXT_CARE_PLAN:
            plan_id = reference_id(extension.valueReference, "CarePlan", "the care-plan extension")
        elif extension.url == profile.EXT_PROPOSED_TEXT:
            read_only["proposed_text"] = extension.valueString
        elif extension.url == profile.EXT_PRIVATE_FROM_PARENTS:
            read_only["private_from_parents"] = bool(extension.valueBoolean)
        else:
            raise Refused(422, "not-supported", f"extension {extension.url} is not in Min plan's profile")
    return writable, read_only, plan_id


def _priority(goal: FhirGoal) -> str | None:
    codings = (goal.priority.coding or []) if goal.priority else []
    return codings[0].code if codings else None


def _form_rules(life_area: str | None, text: str | None, writable: dict) -> dict:
    """The coordinator's goal form's rules (a life area offered, the words there, lengths)."""
    try:
        return GoalFormSchema().load({"life_area": life_area or "", "text": text or "", **writable})
    except ValidationError as error:
        fields = ", ".join(sorted(error.messages))
        raise Refused(422, "invariant", f"not accepted as a goal: {fields}") from None


def sent_goal() -> SentGoal:
    """The Goal in the request, held to the profile; Refused when anything in it is not."""
    data = body("Goal")
    goal = model(FhirGoal, data)
    only_profiled(data, ELEMENTS)
    if goal.lifecycleStatus != "active":
        raise Refused(422, "business-rule", "a goal is written as active: a proposal is answered in Min plan")
    writable, read_only, plan_id = _extensions(goal)
    loaded = _form_rules(_life_area(goal), goal.description.text if goal.description else None, writable)
    loaded.pop("version", None)
    read_only["priority"] = _priority(goal)
    read_only["status_reason"] = goal.statusReason
    read_only["expressed_by"] = _who(goal.expressedBy)
    identifier = sent_identifier(goal)
    return SentGoal(goal.id, plan_id, GoalDetails(**loaded), read_only, goal.subject, identifier)


def _who(reference) -> str | None:
    if reference is None:
        return None
    return reference.reference or reference.display or (reference.identifier.value if reference.identifier else None)


def _held(goal: Goal | None) -> dict:
    if goal is None:
        return {}
    expressed_by = expressed_by_of(goal)
    return {
        "expressed_by": expressed_by.get("reference") or expressed_by.get("display") if expressed_by else None,
        "proposed_text": goal.proposed_text,
        "private_from_parents": goal.private_from_parents,
        "priority": PRIORITIES.get(goal.importance),
        "status_reason": goal.answer_reason if goal.answer == "not_now" else None,
    }


def check_read_only(read_only: dict, current: Goal | None) -> None:
    """What is not the system's to say must be as Min plan holds it (or not sent)."""
    held = _held(current)
    for name, value in read_only.items():
        if value not in (None, "", False) and value != held.get(name):
            raise Refused(422, "business-rule", f"{name} is not the system's to change")


def check_subject(subject, owner) -> None:
    """Goal.subject names the plan's person: by our Patient id or her identity number."""
    reference = subject.reference if subject is not None else None
    identifier = subject.identifier.value if subject is not None and subject.identifier else None
    if reference is None and identifier is None:
        raise Refused(422, "invariant", "subject names the Patient")
    if (reference is not None and reference != f"Patient/{owner.id}") or (
        identifier is not None and identifier != owner.pid
    ):
        raise Refused(422, "business-rule", "subject is not the person whose plan this is")
