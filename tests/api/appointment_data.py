"""What the Appointment tests share: the demo's meetings and changed visits as the database holds
them, a meeting or a moved visit added for a test (the demo snapshot puts them back), and the
documented create example at a time of the test's own."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from app import db
from app.domain import clock
from app.domain.clock import OSLO
from app.models import Meeting, Person, Plan, ScheduleException
from app.services import meetings, visits
from tests.api.test_profile_document import EXAMPLES
from tests.notifications.conftest import coordinator_for


def plan_and_person(api_app, pid: str) -> tuple[int, int]:
    with api_app.app_context(), db.new_session() as session:
        person = session.scalar(select(Person).where(Person.pid == pid))
        return session.scalar(select(Plan.id).where(Plan.owner_id == person.id)), person.id


def meeting_ids(api_app, plan_id: int) -> list[int]:
    """The plan's meetings, the earliest first."""
    with api_app.app_context(), db.new_session() as session:
        return list(session.scalars(select(Meeting.id).where(Meeting.plan_id == plan_id).order_by(Meeting.starts_at)))


def meeting_row(api_app, meeting_id: int) -> Meeting:
    with api_app.app_context(), db.new_session() as session:
        meeting = session.get(Meeting, meeting_id)
        session.expunge(meeting)
        return meeting


def visit_changes(api_app) -> list[ScheduleException]:
    with api_app.app_context(), db.new_session() as session:
        found = list(session.scalars(select(ScheduleException).order_by(ScheduleException.id)))
        for row in found:
            session.expunge(row)
        return found


def day_ahead(days: int, hour: int = 13) -> datetime:
    """A whole hour `days` ahead, Norwegian time."""
    return datetime.combine(clock.today() + timedelta(days=days), time(hour), OSLO)


def call_as_coordinator(api_app, plan_id: int, starts: datetime, place: str = "Rådhuset") -> int:
    with api_app.app_context(), db.new_session() as session:
        plan = session.get(Plan, plan_id)
        actor = coordinator_for(session, plan)
        invited = ["Line Haugland, koordinator", "Fysioterapeut"]
        meeting = meetings.call_meeting(session, actor, plan, starts, starts + timedelta(hours=1), place, None, invited)
        return meeting.id


def move_as_coordinator(api_app, meeting_id: int, starts: datetime) -> None:
    with api_app.app_context(), db.new_session() as session:
        meeting = session.get(Meeting, meeting_id)
        actor = coordinator_for(session, session.get(Plan, meeting.plan_id))
        ends = starts + (meeting.ends_at - meeting.starts_at)
        meetings.move_meeting(session, actor, meeting, meeting.version, starts, ends, meeting.place, meeting.video_link)


def move_a_visit(api_app, plan_id: int, new_start: datetime) -> int:
    """The first coming visit of the plan that nobody changed, moved by its coordinator."""
    with api_app.app_context(), db.new_session() as session:
        plan = session.get(Plan, plan_id)
        coming = visits.upcoming(session, plan, clock.now() + timedelta(hours=2), 14)
        visit = next(v for v in coming if v.exception is None)
        actor = coordinator_for(session, plan)
        moved = visits.move(session, actor, visit.entry.id, visit.starts_at, new_start, 45, "Flyttet en time.")
        return moved.id


def documented_create(plan_id: int, starts: datetime) -> dict:
    """The create example of docs/fhir-profile.md, in this database's plan and at `starts`."""
    (example,) = [e for e in EXAMPLES if e["resourceType"] == "Appointment" and "id" not in e]
    length = datetime.fromisoformat(example["end"]) - datetime.fromisoformat(example["start"])
    return {
        **example,
        "start": starts.isoformat(),
        "end": (starts + length).isoformat(),
        "supportingInformation": [{"reference": f"CarePlan/{plan_id}"}],
    }


def cancel_a_private_visit(api_app, plan_id: int) -> int:
    """The next visit of the measure for the goal the person keeps from her parents, cancelled."""
    with api_app.app_context(), db.new_session() as session:
        plan = session.get(Plan, plan_id)
        coming = visits.upcoming(session, plan, clock.now() + timedelta(hours=2), 14)
        visit = next(v for v in coming if v.measure.goal is not None and v.measure.goal.private_from_parents)
        actor = coordinator_for(session, plan)
        return visits.cancel(session, actor, visit.entry.id, visit.starts_at, "Helsesykepleieren er syk.").id
