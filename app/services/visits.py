"""A single visit of a measure's schedule cancelled or moved by the plan's coordinator, and the
coming visits with those changes applied: what the person's week, their calendar feed and the
staff page all show (RFC 5545: a cancelled visit is an EXDATE, a moved one a RECURRENCE-ID).

A visit is named by its start as the rule gives it (`occurs_at`, stored in UTC): matching on the
instant, not on the wall-clock time, keeps "Thursdays 08:00" matched at 08:00 across DST."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.domain import clock
from app.domain.clock import OSLO
from app.domain.events import EventName
from app.domain.staff_access import PlanAccess, StaffForPerson
from app.models import Measure, Plan, ScheduleEntry, ScheduleException
from app.services import audit, plan_changes
from app.services.schedule import AbsurdSchedule, occurrences, recurrence
from app.services.transaction import use_case

CANCELLED, MOVED = "cancelled", "moved"
# Far enough for any move a coordinator makes of one visit; stops a typo in the year.
MOVE_MAX_DAYS = 366
NOTE_MAX = 500


class VisitRefused(Exception):
    """The change cannot be made; `code` says why (app/schemas/visits.py words it):
    not_in_rule, past, moved_to_past, ends_before_start, no_such_time, too_far, other_plan,
    already_changed."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class UpcomingVisit:
    """One visit as the rule gives it (`starts_at`, Norwegian time) and what became of it."""

    entry: ScheduleEntry
    measure: Measure
    starts_at: datetime
    ends_at: datetime
    exception: ScheduleException | None = None

    @property
    def occurs_at(self) -> str:
        """The visit's name in a form: its start in UTC, one instant even in the autumn's double hour."""
        return self.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def exceptions_by_start(entry: ScheduleEntry) -> dict[datetime, ScheduleException]:
    """The entry's exceptions by the visit they change (aware datetimes compare as instants)."""
    return {exception.occurs_at: exception for exception in entry.exceptions}


def moved_to(exception: ScheduleException) -> tuple[datetime, datetime]:
    """The new start and end of a moved visit, in Norwegian time."""
    start = exception.new_start.astimezone(OSLO)
    return start, start + timedelta(minutes=exception.new_minutes)


def upcoming(session: Session, plan: Plan, start: datetime, days: int) -> list[UpcomingVisit]:
    """The visits of the plan's measures whose rule puts them in [start, start + days), with any
    exception, by time: for the coordinator, who sees private goals' measures too."""
    measures = session.scalars(
        select(Measure)
        .where(Measure.plan_id == plan.id)
        .options(selectinload(Measure.schedule).selectinload(ScheduleEntry.exceptions))
        .order_by(Measure.position)
    ).all()
    end = start + timedelta(days=days)
    found = []
    for measure in measures:
        for entry in measure.schedule:
            try:
                times = occurrences(entry.recurrence, entry.duration_minutes, start, end)
            except AbsurdSchedule:
                continue
            changed = exceptions_by_start(entry)
            found += [UpcomingVisit(entry, measure, s, e, changed.get(s)) for s, e in times if s >= start]
    return sorted(found, key=lambda visit: (visit.starts_at, visit.measure.position))


def kept_on(changed: Sequence[ScheduleException], entries: Sequence[ScheduleEntry]) -> list[dict]:
    """The rows that copy each cancelled or moved visit of a replaced schedule that one of its new
    (flushed) entries still gives onto the first such entry: the person was told it is cancelled
    or moved, and a new rule at the same time does not make it happen after all. The rest are
    gone with the rules that gave them."""
    kept: dict[tuple[int, datetime], dict] = {}
    for old in changed:
        entry = next((entry for entry in entries if _gives(entry, old.occurs_at)), None)
        if entry is not None:
            kept.setdefault(
                (entry.id, old.occurs_at), {name: getattr(old, name) for name in _KEPT} | {"entry_id": entry.id}
            )
    return list(kept.values())


_KEPT = ("occurs_at", "kind", "new_start", "new_minutes", "note", "created_by_id", "created_at")


def _gives(entry: ScheduleEntry, occurs_at: datetime) -> bool:
    """Whether the entry's rule has a visit starting at that instant: `occurs_at` is in UTC, so the
    comparison is of instants, and 08:00 in summer time is not taken for 08:00 in winter time."""
    try:
        found = occurrences(entry.recurrence, entry.duration_minutes, occurs_at, occurs_at + timedelta(seconds=1))
    except AbsurdSchedule:
        return False
    return any(start == occurs_at for start, _ in found)


def _entry_of(session: Session, actor: StaffForPerson, entry_id: int) -> ScheduleEntry:
    entry = session.scalar(
        select(ScheduleEntry)
        .where(ScheduleEntry.id == entry_id)
        .options(selectinload(ScheduleEntry.measure).selectinload(Measure.plan))
    )
    if entry is None or entry.measure.plan.owner_id != actor.subject.id:
        raise VisitRefused("other_plan")
    return entry


def _checked_visit(entry: ScheduleEntry, occurs_at: datetime) -> datetime:
    """The visit in Norwegian time if the rule gives one at `occurs_at` and it is still to come."""
    local = occurs_at.astimezone(OSLO)
    try:
        rule = recurrence(entry.recurrence, entry.duration_minutes).rule
    except AbsurdSchedule:
        raise VisitRefused("not_in_rule") from None
    if rule.after(local - timedelta(seconds=1)) != local:
        raise VisitRefused("not_in_rule")
    if local <= clock.now():
        raise VisitRefused("past")
    return local


def _store(session: Session, actor: StaffForPerson, entry: ScheduleEntry, exception: ScheduleException, name, details):
    """The exception, its audit row and its event in one commit; a second one for the same visit
    (two coordinators at once, a double click) is refused, not a 500."""
    measure = entry.measure
    session.add(exception)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise VisitRefused("already_changed") from None
    # On the goal the measure serves, as the measure's own rows are: a visit for a goal a child
    # keeps from her parents is kept from them too.
    on_goal = measure.goal_id is not None
    audit.by_actor(
        session,
        actor,
        action=str(name),
        object_type="goal" if on_goal else "measure",
        object_id=measure.goal_id if on_goal else measure.id,
        details={"measure": measure.id, "entry": entry.id, "exception": exception.id},
    )
    plan_changes.record(session, actor, measure.plan_id, name, goal_id=measure.goal_id, details=details)
    session.commit()
    return exception


def _already_changed(session: Session, entry: ScheduleEntry, occurs_at: datetime) -> bool:
    return (
        session.scalar(
            select(ScheduleException.id).where(
                ScheduleException.entry_id == entry.id, ScheduleException.occurs_at == occurs_at.astimezone(UTC)
            )
        )
        is not None
    )


@use_case
def cancel(
    session: Session, actor: StaffForPerson, entry_id: int, occurs_at: datetime, note: str | None
) -> ScheduleException:
    """One visit of the entry's rule will not happen; `note` tells the person why, in plain words."""
    entry = _entry_of(session, actor, entry_id)
    local = _checked_visit(entry, occurs_at)
    if _already_changed(session, entry, local):
        raise VisitRefused("already_changed")
    exception = ScheduleException(
        entry_id=entry.id,
        occurs_at=local.astimezone(UTC),
        kind=CANCELLED,
        note=note or None,
        created_by_id=actor.staff.member.id,
    )
    details = {"what": entry.measure.what, "when": local.isoformat()}
    return _store(session, actor, entry, exception, EventName.VISIT_CANCELLED, details)


def _checked_new_start(new_start: datetime, new_minutes: int, local: datetime) -> datetime:
    if new_minutes <= 0:
        raise VisitRefused("ends_before_start")
    new_local = new_start.astimezone(OSLO)
    # 02:30 on the night summer time starts is no time in Norway: zoneinfo would quietly shift it.
    if new_start.tzinfo is OSLO and new_local.astimezone(UTC).astimezone(OSLO).replace(
        tzinfo=None
    ) != new_start.replace(tzinfo=None):
        raise VisitRefused("no_such_time")
    if new_local <= clock.now():
        raise VisitRefused("moved_to_past")
    if abs(new_local - local) > timedelta(days=MOVE_MAX_DAYS):
        raise VisitRefused("too_far")
    return new_local


@use_case
def move(
    session: Session,
    actor: StaffForPerson,
    entry_id: int,
    occurs_at: datetime,
    new_start: datetime,
    new_minutes: int,
    note: str | None,
) -> ScheduleException:
    """One visit of the entry's rule happens at `new_start` (aware), for `new_minutes`, instead."""
    entry = _entry_of(session, actor, entry_id)
    local = _checked_visit(entry, occurs_at)
    new_local = _checked_new_start(new_start, new_minutes, local)
    if _already_changed(session, entry, local):
        raise VisitRefused("already_changed")
    exception = ScheduleException(
        entry_id=entry.id,
        occurs_at=local.astimezone(UTC),
        kind=MOVED,
        new_start=new_local.astimezone(UTC),
        new_minutes=new_minutes,
        note=note or None,
        created_by_id=actor.staff.member.id,
    )
    details = {"what": entry.measure.what, "when": local.isoformat(), "new_when": new_local.isoformat()}
    return _store(session, actor, entry, exception, EventName.VISIT_MOVED, details)


@use_case
def upcoming_for_staff(session: Session, staff, plan: Plan, start: datetime, days: int) -> list[UpcomingVisit]:
    """The coming visits for the coordinator's page, after the opening is in the person's access log
    (committed before anything is shown, as the plan page's is)."""
    audit.staff_opened_plan(session, staff, plan, PlanAccess.COORDINATOR)
    session.commit()
    return upcoming(session, plan, start, days)
