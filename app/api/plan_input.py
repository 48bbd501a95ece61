"""A CarePlan a municipal system sends (POST /fhir/CarePlan, PUT /fhir/CarePlan/<id>), read
strictly: what a system may say of the plan itself is its person, its coordinator (on create:
the koordinerende enhet's appointment, made in the system that holds the decision), the plan
period and the next revision. Goals and measures are written as Goal and ServiceRequest of their
own; the plan's status follows the person's consent and its period, so neither is the system's
to set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fhir.resources.R4B.careplan import CarePlan

from app.api import profile
from app.api.request_body import Refused, body, model, no_modifiers, only_profiled

ELEMENTS = {"resourceType", "id", "meta", "extension", "status", "intent", "category", "title", "subject"}
ELEMENTS |= {"period", "contributor", "goal", "activity"}
TITLE = "Individuell plan"


@dataclass(frozen=True)
class SentPlan:
    id: str | None
    status: str
    subject: object
    coordinator_email: str | None
    coordinator_display: str | None
    period_start: date | None
    period_end: date | None
    next_revision: date | None
    goals: set[str] | None  # the references sent, None when left out
    activities: set[str] | None


def _day(value, what: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise Refused(422, "invariant", f"{what} is a day (2027-01-15), without a time")
    return value


def _next_revision(sent: CarePlan) -> date | None:
    found = None
    for extension in sent.extension or []:
        if extension.url != profile.EXT_NEXT_REVISION or found is not None:
            raise Refused(422, "not-supported", f"extension {extension.url} is not in Min plan's profile (or twice)")
        found = _day(extension.valueDate, "next-revision")
        if found is None:
            raise Refused(422, "invariant", "next-revision is a valueDate")
    return found


def _coordinator(sent: CarePlan) -> tuple[str | None, str | None]:
    contributors = sent.contributor or []
    if len(contributors) > 1:
        raise Refused(422, "invariant", "contributor is the one coordinator")
    if not contributors:
        return None, None
    found = contributors[0]
    identifier = found.identifier
    if found.reference or (identifier is not None and identifier.system != profile.STAFF_EMAIL_SYSTEM):
        raise Refused(422, "invariant", f"the coordinator is named by identifier {profile.STAFF_EMAIL_SYSTEM}")
    return (identifier.value.strip().lower() if identifier and identifier.value else None), found.display


def _references(items, what: str) -> set[str] | None:
    if items is None:
        return None
    found = set()
    for item in items:
        reference = item if what == "goal" else item.reference
        if reference is None or getattr(item, "detail", None) is not None or reference.reference is None:
            raise Refused(422, "not-supported", f"{what} is a list of references (measures are ServiceRequests)")
        found.add(reference.reference)
    return found


def sent_plan() -> SentPlan:
    """The CarePlan in the request, held to the profile; Refused when anything in it is not."""
    data = body("CarePlan")
    sent = model(CarePlan, data)
    only_profiled(data, ELEMENTS)
    no_modifiers(sent)
    if sent.intent != "plan":
        raise Refused(422, "business-rule", "an individuell plan has intent plan")
    if sent.title is not None and sent.title != TITLE:
        raise Refused(422, "business-rule", f"the title is «{TITLE}»")
    codings = [coding for concept in sent.category or [] for coding in concept.coding or []]
    if any(c.system != profile.PLAN_CATEGORY_SYSTEM or c.code != profile.INDIVIDUAL_PLAN for c in codings):
        raise Refused(422, "invariant", f"category is {profile.PLAN_CATEGORY_SYSTEM}|{profile.INDIVIDUAL_PLAN}")
    period = sent.period
    email, display = _coordinator(sent)
    return SentPlan(
        id=sent.id,
        status=sent.status,
        subject=sent.subject,
        coordinator_email=email,
        coordinator_display=display,
        period_start=_day(period.start, "period.start") if period else None,
        period_end=_day(period.end, "period.end") if period else None,
        next_revision=_next_revision(sent),
        goals=_references(sent.goal, "goal"),
        activities=_references(sent.activity, "activity"),
    )


def period_refusal(start: date | None, end: date | None, revision: date | None) -> Refused | None:
    """The coordinator's rules for the plan period: all three or none, the end after the start,
    the revision within the period."""
    given = [value is not None for value in (start, end, revision)]
    if any(given) and not all(given):
        return Refused(422, "required", "the plan period is period.start, period.end and next-revision together")
    if all(given) and end <= start:
        return Refused(422, "invariant", "period.end is after period.start")
    if all(given) and not start <= revision <= end:
        return Refused(422, "invariant", "next-revision is within the plan period")
    return None
