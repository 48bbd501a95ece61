"""Demo koordineringsmøter written by the coordinators through the same use cases their pages call
(app/services/meetings.py): minutes from Kari's last meeting, and a video meeting called for Ola.
Loading twice writes nothing more."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.clock import OSLO
from app.domain.staff_access import StaffForPerson
from app.models import Meeting, MeetingMinutes, Person, Plan
from app.services import meetings, planning, staff

KARI, OLA = "12838502510", "03899807153"

KARI_MINUTES = {
    "decisions": (
        "Kari trener med fysioterapeut hver onsdag, også i vinter.\n"
        "NAV kaller inn til et møte om arbeidstrening i januar.\n"
        "Hjemmesykepleien fortsetter med medisinene to ganger i uka."
    ),
    "actions": [
        meetings.Action("Kalle inn til møte om arbeidstrening", "NAV-veileder", None),
        meetings.Action("Sende nytt treningsprogram", "Fysioterapeut", None),
    ],
    "easy_summary": (
        "Du fortsetter å trene hver onsdag.\nNAV ringer deg om arbeid i januar.\nSykepleieren kommer som før."
    ),
}
OLA_MEETING = {
    "place": "Helsesenteret i Gaupne, møterom 1",
    "video_link": "https://video.luster.kommune.test/mote/ola-berg",
    "invited": ["Ola Berg", "Randi Berg, verje", "Ingrid Myklebust, koordinator", "Dagsenteret"],
}
LAST_MEETING_DAYS_AGO = 14
CALLED_WEEKS_AHEAD = 3


def _plan_and_coordinator(session: Session, pid: str):
    plan = session.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))
    if plan is None or plan.coordinator_id is None:
        return None
    coordinator = staff.actor_for(session, plan.coordinator_id)
    return None if coordinator is None else (plan, StaffForPerson(coordinator, plan.owner))


def _kari_minutes(session: Session) -> int:
    found = _plan_and_coordinator(session, KARI)
    if found is None:
        return 0
    plan, actor = found
    written = select(MeetingMinutes.id).join(Meeting).where(Meeting.plan_id == plan.id).limit(1)
    if session.scalar(written) is not None:
        return 0
    now = clock.now()
    last = session.scalar(
        select(Meeting).where(Meeting.plan_id == plan.id, Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    )
    if last is None:  # the meeting held two weeks ago, as the coordinator would have registered it then
        starts = datetime.combine(now.date() - timedelta(days=LAST_MEETING_DAYS_AGO), time(10), OSLO)
        last = planning.schedule_meeting(
            session,
            actor,
            plan,
            starts,
            starts + timedelta(minutes=90),
            "Helsehuset på Kleppestø, møterom 2",
            ["Kari Nordmann", "Line Haugland, koordinator", "Fysioterapeut", "NAV-veileder"],
        )
    meetings.write_minutes(
        session,
        actor,
        last,
        None,
        KARI_MINUTES["decisions"],
        KARI_MINUTES["actions"],
        KARI_MINUTES["easy_summary"],
        False,
    )
    return 1


def _ola_meeting(session: Session) -> int:
    found = _plan_and_coordinator(session, OLA)
    if found is None:
        return 0
    plan, actor = found
    called = select(Meeting.id).where(
        Meeting.plan_id == plan.id, Meeting.called_by_id.is_not(None), Meeting.ends_at > clock.now()
    )
    if session.scalar(called.limit(1)) is not None:
        return 0
    day = clock.today() + timedelta(weeks=CALLED_WEEKS_AHEAD)
    day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)  # a working day
    starts = datetime.combine(day, time(13), OSLO)
    meetings.call_meeting(
        session,
        actor,
        plan,
        starts,
        starts + timedelta(hours=1),
        OLA_MEETING["place"],
        OLA_MEETING["video_link"],
        OLA_MEETING["invited"],
    )
    return 1


def upsert_meetings(session: Session) -> int:
    """How many minutes and meetings were written now (0 on a second load)."""
    return _kari_minutes(session) + _ola_meeting(session)
