"""Koordineringsmøter as the coordinator holds them: calling one with its agenda from the topics the
person proposed, moving it, and writing its minutes (app/services/meeting_reads.py reads them).
A municipality's own system calls and moves meetings through the same two use cases, as a
SystemForPerson (app/services/api_meetings.py): the same checks, audit row, event and notices.

Each change is one use case (its change, its audit row, its named event, one commit) and carries
the version it was read at: of two coordinators writing at once exactly one wins, the other gets a
Stale exception with what is there now. What a form got wrong is `Refused` with codes by field,
for the view to say in words; nothing is half-saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.api_consumer import SystemForPerson
from app.domain.events import EventName
from app.domain.rules import ADULT_AGE, Basis, age_on
from app.domain.staff_access import StaffForPerson
from app.models import Meeting, MeetingMinutes, MeetingTopic, Plan, Representation
from app.models.base import utcnow
from app.services import audit, plan_changes
from app.services.representations import judge
from app.services.transaction import use_case

DECISIONS_MAX = 20_000
SUMMARY_MAX = 2_000
PLACE_MAX = 300
LINK_MAX = 500
INVITED_MAX = 30
ACTIONS_MAX = 8  # action lines the minutes form offers

# Who calls or moves a meeting: the plan's coordinator at work, or the municipality's own system.
Organiser = StaffForPerson | SystemForPerson


class Refused(Exception):
    """What the use case will not do, as codes by field ({"starts_at": ["past"]})."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class StaleMeeting(Exception):
    def __init__(self, meeting: Meeting):
        super().__init__(meeting.id)
        self.meeting = meeting


class StaleMinutes(Exception):
    def __init__(self, minutes: MeetingMinutes | None):
        super().__init__()
        self.minutes = minutes


@dataclass(frozen=True)
class Action:
    what: str
    who: str
    by: str | None  # ISO date


# --- Calling and moving ---------------------------------------------------------------------


def always_invited(session: Session, plan: Plan) -> list[str]:
    """The person, and for a child (or a person with a guardian) the parents or guardian who act
    for them today: a koordineringsmøte is never held about a person without them."""
    owner = plan.owner
    names = [owner.name] if owner.name else []
    if age_on(owner.birth_date, clock.today()) >= ADULT_AGE and not owner.lacks_capacity:
        return names
    representations = session.scalars(
        select(Representation).where(
            Representation.represented_id == owner.id,
            Representation.basis.in_([str(Basis.PARENT), str(Basis.GUARDIAN)]),
            Representation.revoked_at.is_(None),
        )
    )
    today = clock.today()
    names += [r.holder.name for r in representations if r.holder.name and judge(r, today).capabilities]
    return names


def with_always_invited(always: list[str], invited: list[str]) -> list[str]:
    """The invited lines with those always invited first, unless a line already names them."""
    missing = [name for name in always if not any(line.casefold().startswith(name.casefold()) for line in invited)]
    return missing + [line for line in invited if line]


def _check_when_where(starts_at, ends_at, place, video_link) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if starts_at <= utcnow():
        errors["starts_at"] = ["past"]
    if ends_at <= starts_at:
        errors["ends_at"] = ["before_start"]
    if not (place or video_link):
        errors["place"] = ["place_or_link"]
    if video_link and not video_link.lower().startswith("https://"):
        errors["video_link"] = ["https"]
    return errors


def _staff_member_id(actor: Organiser) -> int | None:
    """The staff member who called it; a system is nobody's hand (the audit row names the system)."""
    return actor.staff.member.id if isinstance(actor, StaffForPerson) else None


@use_case
def call_meeting(
    session: Session,
    actor: Organiser,
    plan: Plan,
    starts_at: datetime,
    ends_at: datetime,
    place: str | None,
    video_link: str | None,
    invited: list[str],
    topic_ids: Iterable[int] = (),
) -> Meeting:
    """A koordineringsmøte in the future, with the person always invited, and the proposed topics
    chosen taken onto its agenda."""
    if errors := _check_when_where(starts_at, ends_at, place, video_link):
        raise Refused(errors)
    meeting = Meeting(
        plan_id=plan.id,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or "",
        video_link=video_link or None,
        invited=with_always_invited(always_invited(session, plan), invited),
        called_by_id=_staff_member_id(actor),
    )
    session.add(meeting)
    session.flush()
    audit.by_actor(session, actor, action="meeting.called", object_type="meeting", object_id=meeting.id)
    plan_changes.record(
        session,
        actor,
        plan.id,
        EventName.MEETING_CALLED,
        details={"when": starts_at.astimezone(UTC).isoformat(), "meeting_id": meeting.id},
    )
    _onto_agenda(session, actor, plan, meeting, topic_ids)
    session.commit()
    return meeting


def _onto_agenda(session: Session, actor: Organiser, plan: Plan, meeting: Meeting, topic_ids) -> int:
    """Proposed topics of this plan moved onto `meeting`'s agenda, each with its event."""
    ids = [int(i) for i in topic_ids]
    if not ids:
        return 0
    topics = session.scalars(
        select(MeetingTopic)
        .join(Meeting, MeetingTopic.meeting_id == Meeting.id)
        .where(MeetingTopic.id.in_(ids), Meeting.plan_id == plan.id, MeetingTopic.status == "proposed")
    )
    taken = 0
    for topic in topics:
        topic.meeting_id, topic.status = meeting.id, "on_agenda"
        plan_changes.record(
            session, actor, plan.id, EventName.TOPIC_ON_AGENDA, details={"meeting_id": meeting.id, "topic_id": topic.id}
        )
        taken += 1
    session.flush()
    return taken


@use_case
def move_meeting(
    session: Session,
    actor: Organiser,
    meeting: Meeting,
    version: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str | None,
    video_link: str | None,
) -> Meeting:
    """The meeting at a new time or place, if it has not begun and nobody changed it since the
    form was shown. A meeting that has begun is held: its minutes say what happened."""
    if meeting.starts_at <= utcnow():
        raise Refused({"meeting": ["held"]})
    if errors := _check_when_where(starts_at, ends_at, place, video_link):
        raise Refused(errors)
    result = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.version == version)
        .values(
            starts_at=starts_at,
            ends_at=ends_at,
            place=place or "",
            video_link=video_link or None,
            version=Meeting.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise StaleMeeting(session.get(Meeting, meeting.id))
    audit.by_actor(session, actor, action="meeting.moved", object_type="meeting", object_id=meeting.id)
    plan_changes.record(
        session,
        actor,
        meeting.plan_id,
        EventName.MEETING_MOVED,
        details={"when": starts_at.astimezone(UTC).isoformat(), "meeting_id": meeting.id},
    )
    session.commit()
    session.refresh(meeting)
    return meeting


# --- Minutes ------------------------------------------------------------------------------


@use_case
def write_minutes(
    session: Session,
    actor: StaffForPerson,
    meeting: Meeting,
    version: int | None,
    decisions: str,
    actions: list[Action],
    easy_summary: str | None,
    private_from_parents: bool,
) -> MeetingMinutes:
    """The minutes written (version None) or changed (at `version`), once the meeting has begun."""
    errors: dict[str, list[str]] = {}
    if meeting.starts_at > utcnow():
        errors["decisions"] = ["not_started"]
    elif len(decisions) > DECISIONS_MAX:
        errors["decisions"] = ["too_long"]
    if errors:
        raise Refused(errors)
    values = {
        "decisions": decisions,
        "actions": [{"what": a.what, "who": a.who, "by": a.by} for a in actions],
        "easy_summary": easy_summary or None,
        "private_from_parents": private_from_parents,
        "written_by_id": actor.staff.member.id,
        "written_at": utcnow(),
    }
    current = session.scalar(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting.id))
    if version is None:
        if current is not None:
            raise StaleMinutes(current)  # written by someone else since the form was shown
        minutes = MeetingMinutes(meeting_id=meeting.id, version=1, **values)
        session.add(minutes)
        session.flush()
    else:
        result = session.execute(
            update(MeetingMinutes)
            .where(MeetingMinutes.meeting_id == meeting.id, MeetingMinutes.version == version)
            .values(**values, version=MeetingMinutes.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.rollback()
            raise StaleMinutes(session.scalar(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting.id)))
        minutes = current
    audit.by_actor(session, actor, action="minutes.written", object_type="meeting", object_id=meeting.id)
    details = {"meeting_id": meeting.id, "when": meeting.starts_at.astimezone(UTC).isoformat()}
    if private_from_parents:
        details["private"] = True
    plan_changes.record(session, actor, meeting.plan_id, EventName.MINUTES_WRITTEN, details=details)
    session.commit()
    session.refresh(minutes)
    return minutes
