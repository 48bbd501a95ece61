"""The koordinerende enhet's desk: the cases of the municipalities where a staff member is a KE
officer, and nobody else's. Every loader takes the StaffActor and answers None for a case it may
not see (another municipality's, or none at all), so the view answers 404 the same way for both.

The list names the person and what came in; opening one case reads what the person sent (their
data), and that read is written to their access log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.domain import clock
from app.domain.cases import INTERIM_WARNING_DAYS, OPEN_STATUSES, Deadline, Kind, Status, deadline
from app.domain.staff_access import Role, StaffActor
from app.models import Case, CaseEvent, StaffMember, StaffRole
from app.services import audit
from app.services.transaction import use_case

STATUS_FILTERS = ("open", "all", "closed")
ATTENTION_FILTERS = ("overdue", "interim")
SORTS = ("deadline", "received", "kind", "status")
_OPEN = tuple(str(status) for status in OPEN_STATUSES)


@dataclass(frozen=True)
class DeskFilters:
    status: str = "open"
    kind: str | None = None
    mine: bool = False
    attention: str | None = None  # overdue, interim
    sort: str = "deadline"


@dataclass(frozen=True)
class DeskRow:
    case: Case
    deadline: Deadline | None

    @property
    def wish(self) -> str | None:
        return wish_of(self.case)


@dataclass(frozen=True)
class DeskCounts:
    new: int = 0  # received, nobody has taken it
    overdue: int = 0
    interim: int = 0  # a month is (nearly) up without a decision or an interim answer
    mine: int = 0  # open, handled by me


@dataclass(frozen=True)
class Desk:
    rows: list[DeskRow] = field(default_factory=list)
    counts: DeskCounts = field(default_factory=DeskCounts)


def coordinator_wish_of(case: Case) -> str | None:
    """Whom the person would like as coordinator, in their own words: asked in the request; else
    whom they want in the planning from "Hva er viktig for deg?"."""
    request = case.plan_request
    if request is None:
        return None
    answers = request.answers or {}
    return request.coordinator_wish or (answers.get("participants") or "").strip() or None


def wish_of(case: Case) -> str | None:
    """What the person wants help with, in their own words."""
    request = case.plan_request
    return request.wish if request is not None else None


def _due():
    return func.coalesce(Case.interim_expected_by, Case.deadline)


def _overdue(today: date):
    return and_(Case.status.in_(_OPEN), _due() < today)


def _interim_needed(today: date):
    return and_(
        Case.status.in_(_OPEN),
        Case.interim_expected_by.is_(None),
        Case.deadline <= today + timedelta(days=INTERIM_WARNING_DAYS),
    )


def _visible(staff: StaffActor) -> Select:
    """Only the municipalities where the staff member is a KE officer today."""
    return select(Case).where(Case.municipality_id.in_(staff.municipalities(Role.KE_OFFICER)))


_ORDER = {
    "deadline": lambda: (case((Case.status.in_(_OPEN), 0), else_=1), _due(), Case.id),
    "received": lambda: (Case.received_at.desc(), Case.id.desc()),
    "kind": lambda: (Case.kind, _due(), Case.id),
    "status": lambda: (Case.status, _due(), Case.id),
}


def desk(session: Session, staff: StaffActor, filters: DeskFilters) -> Desk:
    """The desk's rows as filtered and sorted, and the counts of what needs attention (over all
    open cases, whatever the filter): two statements, however many cases."""
    today = clock.today()
    query = _visible(staff).options(joinedload(Case.sent_by), joinedload(Case.handler), joinedload(Case.plan_request))
    if filters.status == "open":
        query = query.where(Case.status.in_(_OPEN))
    elif filters.status == "closed":
        query = query.where(Case.status.not_in(_OPEN))
    if filters.kind:
        query = query.where(Case.kind == filters.kind)
    if filters.mine:
        query = query.where(Case.handler_id == staff.member.id)
    if filters.attention == "overdue":
        query = query.where(_overdue(today))
    elif filters.attention == "interim":
        query = query.where(_interim_needed(today))
    query = query.order_by(*_ORDER.get(filters.sort, _ORDER["deadline"])())
    rows = [
        DeskRow(found, deadline(found.status, found.deadline, found.interim_expected_by, today))
        for found in session.scalars(query).unique()
    ]
    return Desk(rows, counts(session, staff, today))


def counts(session: Session, staff: StaffActor, today: date) -> DeskCounts:
    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(
        select(
            total(Case.status == str(Status.RECEIVED)),
            total(_overdue(today)),
            total(_interim_needed(today)),
            total(and_(Case.status.in_(_OPEN), Case.handler_id == staff.member.id)),
        ).where(Case.municipality_id.in_(staff.municipalities(Role.KE_OFFICER)))
    ).one()
    return DeskCounts(*(int(value) for value in row))


def case_to_change(session: Session, staff: StaffActor, case_id: int) -> Case | None:
    """The case a form changes, or None when it is not the staff member's to see; the change
    records itself, so this is no read of its own."""
    return session.scalars(
        _visible(staff)
        .where(Case.id == case_id)
        .options(
            joinedload(Case.sent_by),
            joinedload(Case.handler),
            joinedload(Case.coordinator),
            joinedload(Case.plan_request),
            selectinload(Case.events).joinedload(CaseEvent.staff_member),
        )
    ).first()


@use_case
def case_shown(session: Session, staff: StaffActor, case: Case) -> None:
    """The case page is about to show the case, with everything that came in (after a refused or
    stale form too): in the person's access log first, committed, as every staff read is."""
    ke_row(session, staff, case, "case.read", "case", case.id, {"kind": case.kind})
    session.commit()


def ke_row(session: Session, staff: StaffActor, case: Case, action: str, object_type: str, object_id, details):
    """A row in the case's person's access log for the KE's work on it: the municipality the case
    was sent to (not the person's of today), in the KE officer's role."""
    return audit.by_staff(
        session, staff, case.person_id, case.municipality, action, object_type, object_id, details, role=Role.KE_OFFICER
    )


def open_cases_of(session: Session, person_id: int, municipality_id: int | None) -> list[Case]:
    """The person's open cases on the municipality's desk, oldest first: while there is one, the
    KE reads and answers in the person's plan's conversation (app/services/message_reads.py)."""
    if municipality_id is None:
        return []
    return list(
        session.scalars(
            select(Case)
            .where(Case.person_id == person_id, Case.municipality_id == municipality_id, Case.status.in_(_OPEN))
            .order_by(Case.received_at, Case.id)
        ).unique()
    )


def about_case(session: Session, staff: StaffActor, found: Case) -> Case | None:
    """The case a complaint is about, when it is one the staff member may see."""
    if found.about_case_id is None:
        return None
    return session.scalars(_visible(staff).where(Case.id == found.about_case_id)).first()


def coordinators(session: Session, municipality_id: int) -> list[StaffMember]:
    """Who holds the coordinator role in the municipality today, by name."""
    return list(
        session.scalars(
            select(StaffMember)
            .join(StaffRole, StaffRole.staff_member_id == StaffMember.id)
            .where(
                StaffRole.municipality_id == municipality_id,
                StaffRole.role == str(Role.COORDINATOR),
                StaffRole.revoked_at.is_(None),
            )
            .order_by(StaffMember.name, StaffMember.id)
        ).unique()
    )


def is_coordinator_in(session: Session, member_id: int, municipality_id: int) -> bool:
    return (
        session.scalar(
            select(StaffRole.id).where(
                StaffRole.staff_member_id == member_id,
                StaffRole.municipality_id == municipality_id,
                StaffRole.role == str(Role.COORDINATOR),
                StaffRole.revoked_at.is_(None),
            )
        )
        is not None
    )


KINDS = tuple(str(kind) for kind in Kind)
