"""A ServiceRequest (a measure, tiltak) a municipal system sends (POST /fhir/ServiceRequest, PUT
/fhir/ServiceRequest/<id>), read strictly: parsed and validated by fhir.resources, held to Min
plan's profile (docs/fhir-profile.md) and to the coordinator's measure form's rules
(app/schemas/plan_editor.MeasureFormSchema), its times read by app/api/timing_input.py, before
anything is written. Whatever Min plan would not keep is refused, never silently dropped."""

from __future__ import annotations

from dataclasses import dataclass

from fhir.resources.R4B.servicerequest import ServiceRequest
from marshmallow import ValidationError

from app.api import profile
from app.api.idempotent import sent_identifier
from app.api.request_body import Refused, body, model, no_modifiers, only_profiled, reference_id
from app.api.timing_input import occurrence
from app.schemas.plan_editor import MeasureFormSchema
from app.services.planning import MeasureDetails

ELEMENTS = {"resourceType", "id", "meta", "extension", "status", "intent", "category", "code", "subject"}
ELEMENTS |= {"basedOn", "performer", "performerType", "patientInstruction", "occurrenceTiming", "identifier"}
TEXT_FIELDS = ("what", "how_much", "service_name", "responsible_role", "how")


@dataclass(frozen=True)
class SentMeasure:
    id: str | None
    plan_id: int
    goal_id: int | None
    details: MeasureDetails
    subject: object  # ServiceRequest.subject as sent
    identifier: tuple[str, str] | None  # the system's own id for it (app/api/idempotent.py)
    private: bool | None = None  # private-from-parents as sent: it follows the goal, never set here


def _plan_id(sent: ServiceRequest) -> int:
    if len(sent.basedOn or []) != 1:
        raise Refused(422, "required", "basedOn names the plan: one reference to CarePlan/<id>")
    return reference_id(sent.basedOn[0], "CarePlan", "basedOn")


def _text_of(concept, what: str) -> str | None:
    if concept is None:
        return None
    if concept.coding:
        raise Refused(422, "not-supported", f"{what} is said in words (text), without coding")
    return concept.text


def _service(sent: ServiceRequest) -> str | None:
    performers = sent.performer or []
    if len(performers) != 1 or performers[0].reference or performers[0].identifier:
        raise Refused(422, "required", "performer is the one service responsible, by name (display)")
    return performers[0].display


def _category(sent: ServiceRequest) -> None:
    codings = [coding for concept in sent.category or [] for coding in concept.coding or []]
    if any(c.system != profile.PLAN_CATEGORY_SYSTEM or c.code != profile.INDIVIDUAL_PLAN for c in codings):
        raise Refused(422, "invariant", f"category is {profile.PLAN_CATEGORY_SYSTEM}|{profile.INDIVIDUAL_PLAN}")


def _extensions(sent: ServiceRequest) -> tuple[int | None, str | None, list, bool | None]:
    """(the goal it serves, how much, the schedule extension's Timings, private-from-parents as sent)."""
    goal_id, how_much, timings, private = None, None, [], None
    for extension in sent.extension or []:
        if extension.url == profile.EXT_PERTAINS_TO_GOAL and goal_id is None:
            goal_id = reference_id(extension.valueReference, "Goal", "pertainsToGoal")
        elif extension.url == profile.EXT_HOW_MUCH and how_much is None:
            how_much = extension.valueString
        elif extension.url == profile.EXT_SCHEDULE and extension.valueTiming is not None:
            timings.append(extension.valueTiming)
        elif extension.url == profile.EXT_PRIVATE_FROM_PARENTS and extension.valueBoolean is not None:
            private = extension.valueBoolean  # follows the goal: checked against it by the caller
        else:
            raise Refused(422, "not-supported", f"extension {extension.url} is not in Min plan's profile (or twice)")
    return goal_id, how_much, timings, private


def _form_rules(values: dict) -> dict:
    """The coordinator's measure form's rules (words where they are needed, their lengths)."""
    try:
        loaded = MeasureFormSchema().load({name: values.get(name) or "" for name in TEXT_FIELDS})
    except ValidationError as error:
        raise Refused(422, "invariant", f"not accepted as a measure: {', '.join(sorted(error.messages))}") from None
    return {name: loaded[name] for name in TEXT_FIELDS}


def sent_measure() -> SentMeasure:
    """The ServiceRequest in the request, held to the profile; Refused when anything in it is not."""
    data = body("ServiceRequest")
    sent = model(ServiceRequest, data)
    only_profiled(data, ELEMENTS)
    no_modifiers(sent)
    if sent.status != "active" or sent.intent != "plan":
        raise Refused(422, "business-rule", "a measure is written as status active, intent plan")
    _category(sent)
    goal_id, how_much, timings, private = _extensions(sent)
    if sent.occurrenceTiming is not None and timings:
        raise Refused(422, "invariant", "one pattern is occurrenceTiming, several are schedule extensions: not both")
    if sent.occurrenceTiming is not None:
        timings = [sent.occurrenceTiming]
    values = _form_rules(
        {
            "what": _text_of(sent.code, "code"),
            "how_much": how_much,
            "service_name": _service(sent),
            "responsible_role": _text_of(sent.performerType, "performerType"),
            "how": sent.patientInstruction,
        }
    )
    schedule = tuple(occurrence(found) for found in timings)
    details = MeasureDetails(**values, schedule=schedule)
    return SentMeasure(sent.id, _plan_id(sent), goal_id, details, sent.subject, sent_identifier(sent), private)


def check_private(sent: SentMeasure, goal) -> None:
    """private-from-parents may be sent back as the goal has it, or left out: it is the goal's."""
    if sent.private and (goal is None or not goal.private_from_parents):
        raise Refused(422, "business-rule", "a measure is kept from the parents when its goal is, not on its own")
