"""A week of the plan, day by day: the help (measures' schedules) and the koordineringsmøter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.clock import OSLO
from app.models import Measure, Meeting, Plan, ScheduleEntry
from app.services.plans import plan_row, record_plan_read, visible_measures_query
from app.services.schedule import AbsurdSchedule, occurrences, week_bounds
from app.services.visits import CANCELLED, MOVED, exceptions_by_start, moved_to

_ISO_WEEK = re.compile(r"\A([0-9]{4})-W([0-9]{2})\Z")  # [0-9]: \d takes any script's digits
# Far enough for any plan (a plan period is a year or two); stops links running off the calendar.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Visit:
    """One time something happens: help from a measure, or a meeting."""

    starts_at: datetime
    ends_at: datetime
    measure: Measure | None = None
    meeting: Meeting | None = None
    # A visit the coordinator changed: cancelled (shown as such, with their note), or moved here
    # from `moved_from` (the rule's time, Norwegian time).
    cancelled: bool = False
    moved_from: datetime | None = None
    note: str | None = None


@dataclass
class Day:
    date: date
    visits: list[Visit] = field(default_factory=list)


@dataclass(frozen=True)
class PlanSchedule:
    plan: Plan
    measures: list[Measure]
    meetings: list[Meeting]


def monday_of(value: date) -> date:
    return value - timedelta(days=value.weekday())


def parse_week(value: str) -> date | None:
    """The Monday of an ISO week written "2026-W48", or None when there is no such week."""
    match = _ISO_WEEK.match(value)
    if not match or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:  # week 00, week 54, or week 53 in a year with 52
        return None


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def neighbour(monday: date, weeks: int) -> str | None:
    """The ISO name of the week `weeks` away, or None past the years we show."""
    other = monday + timedelta(weeks=weeks)
    return week_name(other) if FIRST_YEAR <= other.isocalendar()[0] <= LAST_YEAR else None


def schedule_for_actor(session: Session, actor) -> PlanSchedule | None:
    """The week's plan as the actor may see it, to show them; the read is recorded."""
    schedule = plan_with_schedule(session, actor.subject.id, actor.hides_private_items)
    if schedule is not None:
        record_plan_read(session, actor, schedule.plan)
    return schedule


def plan_with_schedule(session: Session, owner_id: int, hide_private: bool = False) -> PlanSchedule | None:
    """The plan with its measures (without those for private goals when `hide_private`), their
    schedules and its meetings, in a fixed number of queries."""
    plan = plan_row(session, owner_id)
    if plan is None:
        return None
    measures = session.scalars(
        visible_measures_query(plan.id, hide_private).options(
            selectinload(Measure.schedule).selectinload(ScheduleEntry.exceptions)
        )
    ).all()
    meetings = session.scalars(select(Meeting).where(Meeting.plan_id == plan.id).order_by(Meeting.starts_at)).all()
    return PlanSchedule(plan, list(measures), list(meetings))


def _with_exceptions(entry: ScheduleEntry, measure: Measure, found, start: datetime, end: datetime) -> list[Visit]:
    """The rule's visits in [start, end) as the coordinator left them: a cancelled one marked,
    a moved one left out here and shown at its new time, if that is in the week."""
    changed = exceptions_by_start(entry)
    visits = []
    for s, e in found:
        exception = changed.get(s)
        if exception is None:
            visits.append(Visit(s, e, measure=measure))
        elif exception.kind == CANCELLED:
            visits.append(Visit(s, e, measure=measure, cancelled=True, note=exception.note))
    for exception in changed.values():
        if exception.kind == MOVED and exception.new_start is not None:
            new_start, new_end = moved_to(exception)
            if new_start < end and new_end > start:
                moved_from = exception.occurs_at.astimezone(OSLO)
                visits.append(Visit(new_start, new_end, measure=measure, moved_from=moved_from, note=exception.note))
    return visits


def days_of_week(schedule: PlanSchedule, monday: date) -> list[Day]:
    start, end = week_bounds(monday)
    days = [Day(monday + timedelta(days=i)) for i in range(7)]
    visits: list[Visit] = []
    for measure in schedule.measures:
        for entry in measure.schedule:
            try:
                found = occurrences(entry.recurrence, entry.duration_minutes, start, end)
            except AbsurdSchedule:  # refused when written; an old bad row must not hide the rest
                continue
            visits += _with_exceptions(entry, measure, found, start, end)
    for meeting in schedule.meetings:
        local_start, local_end = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
        if local_start < end and local_end > start:
            visits.append(Visit(local_start, local_end, meeting=meeting))
    for visit in sorted(visits, key=lambda v: v.starts_at):
        index = (visit.starts_at.date() - monday).days
        days[max(index, 0)].visits.append(visit)  # help that began last Sunday night shows on Monday
    return days
