"""A plan's changes as named domain events (app/domain/events.py): recorded by the service that
makes the change, in its transaction; read as the plan's history and as what is new since a
reader last looked. A change about a goal a child keeps from her parents is kept from them too."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.api_consumer import SystemForPerson
from app.domain.events import WORTH_TELLING, EventName
from app.domain.staff_access import StaffActor, StaffForPerson
from app.models import Goal, PlanChange, PlanSeen
from app.models.base import utcnow

HISTORY_PAGE_SIZE = 30


def record(
    session: Session,
    actor,
    plan_id: int,
    name: EventName,
    goal_id: int | None = None,
    details: dict | None = None,
) -> PlanChange:
    """One event, added to the caller's transaction. `actor` is a StaffActor, a person's Actor,
    a SystemActor (the demo import) or a municipal system through the API (SystemForPerson)."""
    change = PlanChange(plan_id=plan_id, name=str(name), goal_id=goal_id, details=details or {}, occurred_at=utcnow())
    if isinstance(actor, StaffActor):
        change.staff_member_id = actor.member.id
    elif isinstance(actor, StaffForPerson):
        change.staff_member_id = actor.staff.member.id
    elif isinstance(actor, SystemForPerson):
        # Nobody's own act: the person is told of it as of a coordinator's (notices skip whoever did it).
        change.basis = actor.basis
    else:
        change.person_id = actor.person.id
        change.basis = actor.basis
    session.add(change)
    return change


def _visible(actor, plan_id: int):
    """The plan's changes this reader may see: not those about a goal kept from them, nor those
    recorded as private (minutes kept from the parents: details {"private": true})."""
    query = select(PlanChange).where(PlanChange.plan_id == plan_id)
    if getattr(actor, "hides_private_items", False):
        private = select(Goal.id).where(Goal.plan_id == plan_id, Goal.private_from_parents.is_(True))
        query = query.where((PlanChange.goal_id.is_(None)) | (PlanChange.goal_id.not_in(private)))
        query = query.where(~func.coalesce(PlanChange.details["private"].as_boolean(), false()))
    return query


def history(session: Session, actor, plan_id: int, page: int = 1) -> tuple[list[PlanChange], int]:
    """The plan's history, newest first, a page at a time, and how many changes in all."""
    query = _visible(actor, plan_id).where(PlanChange.name.in_([str(n) for n in WORTH_TELLING]))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(PlanChange.id.desc()).offset((page - 1) * HISTORY_PAGE_SIZE).limit(HISTORY_PAGE_SIZE)
    )
    return list(rows), total


@dataclass(frozen=True)
class Seen:
    """Where a reader stands in a plan's changes: the last one they saw (None: never looked) and
    the plan's newest. Read once a page view, for its news and for marking it seen."""

    last_seen: int | None
    latest: int

    @property
    def anything_new(self) -> bool:
        return self.latest > (self.last_seen or 0)


def seen_by(session: Session, actor, plan_id: int) -> Seen:
    """One statement: most page views find nothing new and need no other."""
    last_seen = (
        select(PlanSeen.last_change_id)
        .where(PlanSeen.reader_id == actor.person.id, PlanSeen.plan_id == plan_id)
        .scalar_subquery()
    )
    latest = select(func.max(PlanChange.id)).where(PlanChange.plan_id == plan_id).scalar_subquery()
    row = session.execute(select(last_seen, latest)).one()
    return Seen(row[0], row[1] or 0)


def new_since_last_seen(
    session: Session, actor, plan_id: int, limit: int = 10, seen: Seen | None = None
) -> list[PlanChange]:
    """What changed since this reader last marked the plan seen, newest first; their own changes
    are not news to them."""
    seen = seen or seen_by(session, actor, plan_id)
    if not seen.anything_new:
        return []
    query = (
        _visible(actor, plan_id)
        .where(PlanChange.id > (seen.last_seen or 0), PlanChange.name.in_([str(n) for n in WORTH_TELLING]))
        .where((PlanChange.person_id.is_(None)) | (PlanChange.person_id != actor.person.id))
    )
    return list(session.scalars(query.order_by(PlanChange.id.desc()).limit(limit)))


def mark_seen(session: Session, actor, plan_id: int, seen: Seen | None = None) -> None:
    """The reader has seen the plan as it was when `seen` was read (not a change made since, which
    they have not seen): nothing of that is new to them any more. Commits.

    Two tabs open at once both find no row and both insert: the loser's unique (reader, plan)
    row is refused, and it moves the winner's row forward instead of failing the page. The
    update only ever moves forward, so an older tab cannot make old changes new again. A reader who
    has seen everything already (most page views) costs no statement beyond `seen_by`'s."""
    seen = seen or seen_by(session, actor, plan_id)
    latest = seen.latest
    if seen.last_seen is not None:
        if seen.last_seen < latest and _move_forward(session, actor.person.id, plan_id, latest):
            session.commit()
        return
    session.add(PlanSeen(reader_id=actor.person.id, plan_id=plan_id, last_change_id=latest, seen_at=utcnow()))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # the other tab inserted it first
        _move_forward(session, actor.person.id, plan_id, latest)
        session.commit()


def _move_forward(session: Session, reader_id: int, plan_id: int, latest: int) -> bool:
    """Whether the reader's row was moved forward to `latest` (a conditional UPDATE, safe to race)."""
    moved = session.execute(
        update(PlanSeen)
        .where(PlanSeen.reader_id == reader_id, PlanSeen.plan_id == plan_id, PlanSeen.last_change_id < latest)
        .values(last_change_id=latest, seen_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount > 0
