"""Koordineringsmøter and the visits the coordinator cancelled or moved, as the FHIR API reads them
(Appointment, app/api/appointments.py), and meetings a municipality's system calls or moves.

Reads are those of app/services/api_reads.py: the system's own municipality's people only, another's
answered as if it did not exist (and logged by organisation number), everything shown written to
the person's access log before the answer leaves. A changed visit of a measure that serves a goal
a 12–15-year-old keeps from her parents is logged on that goal, so the parents' access log keeps it
from them as it keeps every other trace of the goal.

Writes go through the coordinator's own use cases (app/services/meetings.py) with the system as
their actor: the same checks (in the future, ends after it starts, a place or a video link, not
moved once begun), the same version check, audit row, plan event and notice to the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, false, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.domain.api_consumer import MunicipalSystem
from app.domain.events import EventName
from app.models import Goal, Measure, Meeting, Municipality, Person, Plan, PlanChange, ScheduleEntry, ScheduleException
from app.services import meetings
from app.services.api_reads import _record, _refused, _updated_where, municipality_of
from app.services.api_writes import actor_for

APPOINTMENT_READ = "api.appointment_read"
MEETING, VISIT = "meeting", "visit"  # the two kinds of Appointment, and the prefixes of their ids


@dataclass(frozen=True)
class MeetingRead:
    meeting: Meeting  # with its plan, the plan's owner and its topics loaded
    last_updated: datetime | None  # when it was last called or moved, if Min plan recorded it


@dataclass(frozen=True)
class VisitChangeRead:
    exception: ScheduleException  # with its entry, measure, plan and the plan's owner loaded
    private_from_parents: bool  # the measure serves a goal a 12–15-year-old keeps from her parents

    @property
    def measure(self) -> Measure:
        return self.exception.entry.measure


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the meetings come first, by id, then the changed visits, by id."""

    kind: str = MEETING
    after: int = 0


@dataclass(frozen=True)
class AppointmentFilters:
    person_id: int | None = None
    starts: tuple[tuple[str, datetime], ...] = ()  # `(operator, moment)` pairs on the start
    count: int = 20
    cursor: Cursor = Cursor()


@dataclass(frozen=True)
class AppointmentPage:
    items: list  # MeetingRead and VisitChangeRead, meetings first
    total: int
    next: Cursor | None


def _last_called_or_moved() -> ColumnElement:
    """When the meeting was last called or moved, from the plan's own events (a correlated
    subquery: one statement for the whole page)."""
    return (
        select(func.max(PlanChange.occurred_at))
        .where(
            PlanChange.plan_id == Meeting.plan_id,
            PlanChange.name.in_([str(EventName.MEETING_CALLED), str(EventName.MEETING_MOVED)]),
            PlanChange.details["meeting_id"].as_integer() == Meeting.id,
        )
        .correlate(Meeting)
        .scalar_subquery()
    )


def _meetings_query(municipality: Municipality, filters: AppointmentFilters) -> Select:
    where = [Person.municipality_id == municipality.id, *_updated_where(Meeting.starts_at, filters.starts)]
    if filters.person_id is not None:
        where.append(Plan.owner_id == filters.person_id)
    return (
        select(Meeting, _last_called_or_moved().label("last_updated"))
        .join(Plan, Plan.id == Meeting.plan_id)
        .join(Person, Person.id == Plan.owner_id)
        .where(*where)
        .options(contains_eager(Meeting.plan).contains_eager(Plan.owner), selectinload(Meeting.topics))
    )


def _visit_start() -> ColumnElement:
    return func.coalesce(ScheduleException.new_start, ScheduleException.occurs_at)


def _visits_query(municipality: Municipality, filters: AppointmentFilters) -> Select:
    where = [Person.municipality_id == municipality.id, *_updated_where(_visit_start(), filters.starts)]
    if filters.person_id is not None:
        where.append(Plan.owner_id == filters.person_id)
    private = func.coalesce(Goal.private_from_parents, false())
    return (
        select(ScheduleException, private.label("private"))
        .join(ScheduleEntry, ScheduleEntry.id == ScheduleException.entry_id)
        .join(Measure, Measure.id == ScheduleEntry.measure_id)
        .join(Plan, Plan.id == Measure.plan_id)
        .join(Person, Person.id == Plan.owner_id)
        .outerjoin(Goal, Goal.id == Measure.goal_id)
        .where(*where)
        .options(
            contains_eager(ScheduleException.entry)
            .contains_eager(ScheduleEntry.measure)
            .contains_eager(Measure.plan)
            .contains_eager(Plan.owner)
        )
    )


def _reads(found: Sequence[MeetingRead | VisitChangeRead]) -> list[tuple]:
    """What to write to the access log; a private goal's visits last, so a page that also showed
    something else is logged as that and stays in the parents' log (one row per person a page)."""
    rows = []
    for read in found:
        if isinstance(read, MeetingRead):
            rows.append((0, (read.meeting.plan.owner_id, APPOINTMENT_READ, "meeting", read.meeting.id)))
        elif read.private_from_parents:
            owner_id = read.measure.plan.owner_id
            rows.append((1, (owner_id, APPOINTMENT_READ, "goal", read.measure.goal_id)))
        else:
            rows.append((0, (read.measure.plan.owner_id, APPOINTMENT_READ, "measure", read.measure.id)))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _log(session: Session, system: MunicipalSystem, municipality: Municipality, found) -> None:
    _record(session, system, municipality, _reads(found))


def meeting(session: Session, system: MunicipalSystem, meeting_id: int) -> MeetingRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    row = session.execute(_meetings_query(municipality, AppointmentFilters()).where(Meeting.id == meeting_id)).first()
    if row is None:
        if session.get(Meeting, meeting_id) is not None:
            _refused(system, "Appointment")
        return None
    found = MeetingRead(*row)
    _log(session, system, municipality, [found])
    return found


def visit_change(session: Session, system: MunicipalSystem, exception_id: int) -> VisitChangeRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    query = _visits_query(municipality, AppointmentFilters()).where(ScheduleException.id == exception_id)
    row = session.execute(query).first()
    if row is None:
        if session.get(ScheduleException, exception_id) is not None:
            _refused(system, "Appointment")
        return None
    found = VisitChangeRead(*row)
    _log(session, system, municipality, [found])
    return found


def appointments(session: Session, system: MunicipalSystem, filters: AppointmentFilters) -> AppointmentPage:
    """One page: the meetings after the cursor, then (when the page has room) the changed visits.
    The same few statements whatever the page's size."""
    municipality = municipality_of(session, system)
    if municipality is None:
        return AppointmentPage([], 0, None)
    meetings_query = _meetings_query(municipality, filters)
    visits_query = _visits_query(municipality, filters)
    total = session.execute(
        select(
            select(func.count()).select_from(meetings_query.with_only_columns(Meeting.id).subquery()).scalar_subquery(),
            select(func.count())
            .select_from(visits_query.with_only_columns(ScheduleException.id).subquery())
            .scalar_subquery(),
        )
    ).one()
    found: list = []
    cursor = filters.cursor
    if cursor.kind == MEETING:
        rows = session.execute(
            meetings_query.where(Meeting.id > cursor.after).order_by(Meeting.id).limit(filters.count + 1)
        ).all()
        found = [MeetingRead(*row) for row in rows[: filters.count]]
        if len(rows) > filters.count:
            _log(session, system, municipality, found)
            return AppointmentPage(found, sum(total), Cursor(MEETING, found[-1].meeting.id))
    after = cursor.after if cursor.kind == VISIT else 0
    room = filters.count - len(found)
    rows = session.execute(
        visits_query.where(ScheduleException.id > after).order_by(ScheduleException.id).limit(room + 1)
    ).all()
    visits = [VisitChangeRead(*row) for row in rows[:room]]
    found += visits
    more = len(rows) > room
    if more and not visits:  # the page is full of meetings, and the changed visits are still to come
        following = Cursor(MEETING, found[-1].meeting.id)
    else:
        following = Cursor(VISIT, visits[-1].exception.id) if more else None
    _log(session, system, municipality, found)
    return AppointmentPage(found, sum(total), following)


# --- Writing -----------------------------------------------------------------------------------


def meeting_to_write(session: Session, system: MunicipalSystem, meeting_id: int) -> Meeting | None:
    """The meeting, if its person is of the system's municipality (else None, logged, as missing)."""
    municipality = municipality_of(session, system)
    found = session.scalar(
        select(Meeting)
        .join(Plan, Plan.id == Meeting.plan_id)
        .where(Meeting.id == meeting_id)
        .options(contains_eager(Meeting.plan), selectinload(Meeting.topics))
    )
    if municipality is None or found is None:
        return None
    if found.plan.owner.municipality_id != municipality.id:
        _refused(system, "Appointment")
        return None
    return found


@dataclass(frozen=True)
class WhenAndWhere:
    starts_at: datetime
    ends_at: datetime
    place: str | None
    video_link: str | None


def call_meeting(
    session: Session, system: MunicipalSystem, plan: Plan, when: WhenAndWhere, invited: list[str]
) -> Meeting:
    """meetings.Refused (nothing written) when the coordinator's rules refuse it."""
    actor = actor_for(session, system, plan.owner)
    return meetings.call_meeting(
        session, actor, plan, when.starts_at, when.ends_at, when.place, when.video_link, invited
    )


def move_meeting(session: Session, system: MunicipalSystem, meeting: Meeting, version: int, when: WhenAndWhere):
    """meetings.Refused or meetings.StaleMeeting (nothing changed) as for the coordinator."""
    actor = actor_for(session, system, meeting.plan.owner)
    return meetings.move_meeting(
        session, actor, meeting, version, when.starts_at, when.ends_at, when.place, when.video_link
    )
