"""What the person (or someone acting for them with the right to read) sees of their cases at the
koordinerende enhet: status, who handles it, the deadline, the interim answer, the coordinator,
the decision and its reason, and the history, in plain data the pages put into words.

Every lookup takes the actor and finds only the actor's subject's cases, so a case id from a URL
can never reach someone else's; a read by someone other than the person is recorded
(`reading`). A parent of a 12–15-year-old sees the status of a complaint the child sent herself,
never its words nor the answers to them (pbrl § 3-4: when in doubt, status only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain import Actor, clock
from app.domain.cases import OPEN_STATUSES, Kind, Status, Step, deadline
from app.models import Case, Municipality
from app.services.reads import reading

# A case decided or closed this long ago is still shown, so the person can read the answer.
RECENT_DAYS = 90
# Cases a request can be complained about once decided (pbrl § 7-2: not getting, or getting, a plan).
COMPLAINABLE = frozenset({Kind.PLAN_REQUEST, Kind.COORDINATOR_REQUEST})


@dataclass(frozen=True)
class Line:
    """One line of the history: what happened, on which day; the coordinator's name when appointed."""

    step: str
    on: date
    coordinator: str | None = None


@dataclass(frozen=True)
class CaseStatus:
    id: int
    kind: str
    status: str
    received_on: date
    sent_by_actor: bool  # the actor sent it (else the person or another representative did)
    municipality: Municipality | None  # None to a representative of a person with a protected address
    handler: str | None
    due: date | None  # answer by: the interim answer's date, else a month after receipt; None when decided
    overdue: bool
    interim_answer: str | None
    interim_expected_by: date | None
    interim_sent_on: date | None
    coordinator: str | None
    decision: str | None
    decision_reason: str | None
    decided_on: date | None
    complaint_reason: str | None
    complaint_text: str | None
    about_case_id: int | None
    words_hidden: bool  # the child's own complaint, to a restricted parent: status only
    lines: tuple[Line, ...]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def may_be_complained_about(self) -> bool:
        return self.kind in COMPLAINABLE and self.status == Status.DECIDED


def _local_day(moment) -> date | None:
    return clock.local_date(moment) if moment is not None else None


def _hides_words(actor: Actor, case: Case) -> bool:
    return actor.hides_private_items and case.kind == Kind.COMPLAINT and case.sent_by_id == case.person_id


def status_of(actor: Actor, case: Case, today: date) -> CaseStatus:
    hidden = _hides_words(actor, case)
    subject = actor.subject
    municipality = None if actor.acting_for_someone and subject.protected_address else case.municipality
    due = deadline(case.status, case.deadline, case.interim_expected_by, today)
    coordinator = case.coordinator.name if case.coordinator else None
    lines = tuple(
        Line(
            step=event.action,
            on=clock.local_date(event.occurred_at),
            coordinator=coordinator if event.action == Step.COORDINATOR_APPOINTED else None,
        )
        for event in case.events
    )
    return CaseStatus(
        id=case.id,
        kind=case.kind,
        status=case.status,
        received_on=clock.local_date(case.received_at),
        sent_by_actor=case.sent_by_id == actor.person.id,
        municipality=municipality,
        handler=case.handler.name if case.handler else None,
        due=due.due if due else None,
        overdue=bool(due and due.overdue),
        interim_answer=None if hidden else case.interim_answer,
        interim_expected_by=case.interim_expected_by,
        interim_sent_on=_local_day(case.interim_sent_at),
        coordinator=coordinator,
        decision=case.decision,
        decision_reason=None if hidden else case.decision_reason,
        decided_on=_local_day(case.decided_at),
        complaint_reason=case.complaint_reason,
        complaint_text=None if hidden else case.complaint_text,
        about_case_id=case.about_case_id,
        words_hidden=hidden,
        lines=lines,
    )


def _record(session: Session, actor: Actor, found: list[Case]) -> None:
    if found:
        reading(session, actor, "case.read", object_type="ke_case", object_id=found[0].id)


def cases_for_actor(session: Session, actor: Actor, today: date | None = None) -> list[CaseStatus]:
    """The subject's open cases and those decided or closed lately, newest first; the read is recorded."""
    today = today or clock.today()
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), time(), tzinfo=clock.OSLO)
    last_change = func.coalesce(Case.closed_at, Case.decided_at, Case.received_at)
    found = list(
        session.scalars(
            select(Case)
            .where(Case.person_id == actor.subject.id, or_(Case.status.in_(OPEN_STATUSES), last_change >= since))
            .order_by(Case.received_at.desc(), Case.id.desc())
        ).unique()
    )
    _record(session, actor, found)
    return [status_of(actor, case, today) for case in found]


def case_for_actor(session: Session, actor: Actor, case_id: int, today: date | None = None) -> CaseStatus | None:
    """The case if it is the subject's, else None (the page answers 404); the read is recorded."""
    case = session.scalar(select(Case).where(Case.id == case_id, Case.person_id == actor.subject.id))
    if case is None:
        return None
    _record(session, actor, [case])
    return status_of(actor, case, today or clock.today())


def latest_complaint(session: Session, actor: Actor) -> CaseStatus | None:
    """The subject's last complaint, for the page that says it was sent; the read is recorded."""
    case = session.scalar(
        select(Case)
        .where(Case.person_id == actor.subject.id, Case.kind == str(Kind.COMPLAINT))
        .order_by(Case.id.desc())
        .limit(1)
    )
    if case is None:
        return None
    _record(session, actor, [case])
    return status_of(actor, case, clock.today())


def complainable_case(session: Session, actor: Actor, case_id: int | None) -> Case | None:
    """A decided request of the subject's that a complaint may be about; None for anything else."""
    if case_id is None:
        return None
    case = session.scalar(select(Case).where(Case.id == case_id, Case.person_id == actor.subject.id))
    return case if case is not None and case.kind in COMPLAINABLE else None


def case_of_request(session: Session, actor: Actor, plan_request_id: int) -> CaseStatus | None:
    """The case a request of the subject's opened, for its receipt; the read is recorded."""
    case = session.scalar(
        select(Case).where(Case.plan_request_id == plan_request_id, Case.person_id == actor.subject.id).limit(1)
    )
    if case is None:
        return None
    _record(session, actor, [case])
    return status_of(actor, case, clock.today())
