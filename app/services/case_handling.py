"""The koordinerende enhet handles a case: takes it, sends an interim answer (the one-month rule),
appoints a coordinator, decides, closes. Each is one use case: its change, a line in the case's
history, a row in the person's access log and the commit, in one transaction.

Each change is a conditional UPDATE on the version the officer's form was shown with: of two
officers acting on one case at once exactly one wins, and the other gets StaleCase with the case
as it is now, to see what happened before acting again. A decided or closed case takes no more."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.cases import DECISIONS, NEEDS_COORDINATOR, NEEDS_REASON, OPEN_STATUSES, Decision, Kind, Status, Step
from app.domain.staff_access import StaffActor
from app.models import Case, CaseEvent, Plan, PlanRequest
from app.models.base import utcnow
from app.services import case_desk
from app.services.transaction import use_case
from app.services.versioned import update_if_version

_OPEN = tuple(str(status) for status in OPEN_STATUSES)
# A request that is decided frees the person to ask again later (one open request each).
REQUEST_DECIDED = "decided"

log = logging.getLogger("minplan.cases")


class CaseGone(Exception):
    """No such case for this staff member (another municipality's, or none): the view checked, so a forged id."""


class StaleCase(Exception):
    """Someone changed the case since the form was shown; `case` is the case as it is now."""

    def __init__(self, case: Case):
        super().__init__("stale case")
        self.case = case


class CaseFinished(StaleCase):
    """The case is decided or closed: nothing more is done to it."""


class NotAllowed(Exception):
    """What the form asks cannot be done to this case: {field: [code, …]} for the form's fields; the
    codes are put in words where forms are (app/schemas/cases.py REFUSALS)."""

    def __init__(self, errors: dict[str, list]):
        super().__init__("not allowed")
        self.errors = errors


def _case(session: Session, staff: StaffActor, case_id: int, version: int) -> Case:
    found = case_desk.case_to_change(session, staff, case_id)
    if found is None:
        raise CaseGone()
    if found.status not in _OPEN:
        raise CaseFinished(found)
    if found.version != version:
        raise StaleCase(found)
    return found


def _change(
    session: Session, staff: StaffActor, found: Case, version: int, step: Step, details: dict, then=None, **values
) -> Case:
    """UPDATE … WHERE version = the form's version and the case is open; then what follows from it
    (`then`), its history line, its audit row, the commit. The case as it is now."""
    if not update_if_version(session, Case, found.id, version, Case.status.in_(_OPEN), **values):
        session.rollback()
        now = case_desk.case_to_change(session, staff, found.id)
        raise (CaseFinished if now.status not in _OPEN else StaleCase)(now)
    if then is not None:
        then()
    session.add(CaseEvent(case_id=found.id, action=str(step), staff_member_id=staff.member.id, details=details))
    case_desk.ke_row(session, staff, found, f"case.{step}", "case", found.id, {**details, "kind": found.kind})
    session.commit()
    session.expire_all()
    return case_desk.case_to_change(session, staff, found.id)


@use_case
def take(session: Session, staff: StaffActor, case_id: int, version: int) -> Case:
    """The officer handles the case from now on."""
    found = _case(session, staff, case_id, version)
    return _change(
        session, staff, found, version, Step.TAKEN, {}, handler_id=staff.member.id, status=str(Status.IN_REVIEW)
    )


@use_case
def send_interim_answer(
    session: Session, staff: StaffActor, case_id: int, version: int, text: str, expected_by: date
) -> Case:
    """Why there is no decision yet and when to expect one (forvaltningsloven § 11 a); the date
    becomes the case's deadline."""
    found = _case(session, staff, case_id, version)
    errors = {}
    if not text.strip():
        errors["text"] = ["interim_text_missing"]
    if expected_by <= clock.today():
        errors["expected_by"] = ["interim_date_past"]
    if errors:
        raise NotAllowed(errors)
    return _change(
        session,
        staff,
        found,
        version,
        Step.INTERIM_ANSWER,
        {"expected_by": expected_by.isoformat()},
        interim_answer=text,
        interim_expected_by=expected_by,
        interim_sent_at=utcnow(),
        status=str(Status.IN_REVIEW),
        handler_id=found.handler_id or staff.member.id,
    )


@use_case
def appoint_coordinator(session: Session, staff: StaffActor, case_id: int, version: int, coordinator_id: int) -> Case:
    """A coordinator of the case's municipality, chosen for the person (not a decision one can appeal)."""
    found = _case(session, staff, case_id, version)
    if not case_desk.is_coordinator_in(session, coordinator_id, found.municipality_id):
        # The form offers only the municipality's coordinators: another id is forged or stale.
        log.warning(
            "coordinator refused",
            extra={"event": "policy.object_refused", "object_type": "coordinator", "staff_member_id": staff.member.id},
        )
        raise NotAllowed({"coordinator_id": ["coordinator_unknown"]})
    return _change(
        session,
        staff,
        found,
        version,
        Step.COORDINATOR_APPOINTED,
        {"coordinator_id": coordinator_id},
        coordinator_id=coordinator_id,
        status=str(Status.IN_REVIEW),
        handler_id=found.handler_id or staff.member.id,
    )


@use_case
def decide(session: Session, staff: StaffActor, case_id: int, version: int, decision: str, reason: str | None) -> Case:
    """The decision, with its reason in plain words where the person needs one. A granted request
    creates the person's plan with the appointed coordinator, ready for the coordinator's work."""
    found = _case(session, staff, case_id, version)
    reason = (reason or "").strip() or None
    errors: dict[str, list] = {}
    if decision not in DECISIONS[Kind(found.kind)]:
        errors["decision"] = ["decision_unfit"]
    elif decision in NEEDS_COORDINATOR and found.coordinator_id is None:
        errors["decision"] = ["decision_needs_coordinator"]
    elif decision == Decision.GRANTED and session.scalar(select(Plan.id).where(Plan.owner_id == found.person_id)):
        errors["decision"] = ["decision_has_plan"]
    if decision in NEEDS_REASON and reason is None:
        errors["reason"] = ["reason_missing"]
    if errors:
        raise NotAllowed(errors)

    def then():
        if decision == Decision.GRANTED:
            _create_plan(session, staff, found)
        if found.plan_request_id is not None:
            session.execute(
                update(PlanRequest)
                .where(PlanRequest.id == found.plan_request_id)
                .values(status=REQUEST_DECIDED)
                .execution_options(synchronize_session=False)
            )

    status = Status.FORWARDED if decision == Decision.FORWARDED else Status.DECIDED
    details = {"decision": decision}
    if found.coordinator_id is not None and decision in NEEDS_COORDINATOR:
        details["coordinator_id"] = found.coordinator_id
    return _change(
        session,
        staff,
        found,
        version,
        Step.DECIDED,
        details,
        then,
        decision=decision,
        decision_reason=reason,
        decided_at=utcnow(),
        status=str(status),
        handler_id=found.handler_id or staff.member.id,
    )


def _create_plan(session: Session, staff: StaffActor, found: Case) -> Plan:
    """The person's plan, with its coordinator, and its audit row as planning.create_plan writes
    one. Not through that use case: it commits by itself, which would split the decision's one
    transaction, and its audit row would name the person's municipality of today, not the case's."""
    coordinator = found.coordinator
    plan = Plan(owner_id=found.person_id, coordinator_id=coordinator.id, coordinator_name=coordinator.name)
    session.add(plan)
    session.flush()
    case_desk.ke_row(session, staff, found, "plan.created", "plan", plan.id, {"case_id": found.id})
    return plan


@use_case
def close(session: Session, staff: StaffActor, case_id: int, version: int) -> Case:
    """Nothing more to do: the case leaves the open list."""
    found = _case(session, staff, case_id, version)
    return _change(
        session,
        staff,
        found,
        version,
        Step.CLOSED,
        {},
        status=str(Status.CLOSED),
        closed_at=utcnow(),
        handler_id=found.handler_id or staff.member.id,
    )
