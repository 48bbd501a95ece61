"""The person's own calendar feed: a long random token in the URL, only its hash stored.

Renewing gives a new token and forgets the old hash, so the old URL stops at once. The feed
holds only what the owner chose, and only from the owner's own plan."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Event
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import ical
from app.models import CalendarFeed
from app.models.base import utcnow
from app.services import audit, visits
from app.services.schedule import OSLO, AbsurdSchedule, parse, parts
from app.services.transaction import use_case
from app.services.week import PlanSchedule, plan_with_schedule


@dataclass(frozen=True)
class FeedWords:
    """The feed's words in the reader's language, translated by the caller (a request or a job)."""

    calendar: str
    meeting: str
    invited: str  # with %(names)s


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_of(session: Session, person_id: int) -> CalendarFeed | None:
    return session.scalar(select(CalendarFeed).where(CalendarFeed.owner_id == person_id))


class ChangedMeanwhile(Exception):
    """Another request made or renewed the feed at the same moment: its link is the one that works."""


def version_of(feed: CalendarFeed | None) -> str:
    """What a form carries to say which link it was shown with ("" for none): not the token."""
    return feed.token_hash[:16] if feed is not None else ""


@use_case
def renew(
    session: Session, person_id: int, include_measures: bool, include_meetings: bool, read_version: str | None = None
) -> str:
    """A new token for the person's feed (the only time it exists in clear), killing any old one.

    Conditional on the feed as the form showed it, so two renewals at once (two tabs, a double
    click) never both show a link when only one of them works: the other raises ChangedMeanwhile."""
    token = secrets.token_urlsafe(32)
    values = {
        "token_hash": _hash(token),
        "created_at": utcnow(),
        "include_measures": include_measures,
        "include_meetings": include_meetings,
    }
    feed = feed_of(session, person_id)
    if read_version is not None and read_version != version_of(feed):
        raise ChangedMeanwhile()
    if feed is None:
        feed = CalendarFeed(owner_id=person_id, **values)
        session.add(feed)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise ChangedMeanwhile() from None
    else:
        result = session.execute(
            update(CalendarFeed)
            .where(CalendarFeed.id == feed.id, CalendarFeed.token_hash == feed.token_hash)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.rollback()
            raise ChangedMeanwhile()
    audit.record(
        session,
        actor_id=person_id,
        subject_id=person_id,
        basis="self",
        action="calendar_feed.renewed",
        object_type="calendar_feed",
        object_id=feed.id,
    )
    session.commit()
    return token


@use_case
def stop(session: Session, person_id: int) -> None:
    session.execute(delete(CalendarFeed).where(CalendarFeed.owner_id == person_id))
    audit.record(session, actor_id=person_id, subject_id=person_id, basis="self", action="calendar_feed.stopped")
    session.commit()


def by_token(session: Session, token: str) -> CalendarFeed | None:
    """The feed a token opens; None for a revoked, renewed or guessed one (only hashes are compared)."""
    if not 20 <= len(token) <= 100:
        return None
    return session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token)))


def _measure_events(schedule: PlanSchedule, stamp: datetime) -> list[Event]:
    events = []
    for measure in schedule.measures:
        who = ", ".join(filter(None, [measure.service_name, measure.responsible_role]))
        description = "\n".join(filter(None, [who, measure.how_much, measure.how]))
        for entry in measure.schedule:
            try:
                parse(entry.recurrence, entry.duration_minutes)
                start, rule = parts(entry.recurrence)
            except AbsurdSchedule:  # never handed to a phone
                continue
            events += _entry_events(
                entry, f"schedule-{entry.id}@min-plan", stamp, start, rule, measure.what, description
            )
    return events


def _entry_events(entry, uid: str, stamp: datetime, start: datetime, rule: str | None, summary: str, description: str):
    """The entry's event, its cancelled visits as EXDATEs in Norwegian time (08:00 stays 08:00 across
    DST), and each moved visit as an event of its own with the rule's time as RECURRENCE-ID. A single
    visit (no rule) cancelled is left out; moved, it is written at its new time."""
    length = timedelta(minutes=entry.duration_minutes)
    cancelled = [e.occurs_at.astimezone(OSLO) for e in entry.exceptions if e.kind == visits.CANCELLED]
    moved = [e for e in entry.exceptions if e.kind == visits.MOVED and e.new_start is not None]
    if not rule:
        if cancelled:
            return []
        if moved:
            new_start, new_end = visits.moved_to(moved[0])
            return [ical.event(uid, stamp, new_start, new_end, summary, _with_note(description, moved[0].note))]
        return [ical.event(uid, stamp, start, start + length, summary, description)]
    events = [ical.event(uid, stamp, start, start + length, summary, description, rule=rule, exdates=cancelled)]
    for exception in moved:
        new_start, new_end = visits.moved_to(exception)
        events.append(
            ical.event(
                uid,
                stamp,
                new_start,
                new_end,
                summary,
                _with_note(description, exception.note),
                recurrence_id=exception.occurs_at.astimezone(OSLO),
            )
        )
    return events


def _with_note(description: str, note: str | None) -> str:
    return "\n".join(filter(None, [note, description]))


def _meeting_events(schedule: PlanSchedule, stamp: datetime, words: FeedWords) -> list[Event]:
    return [
        ical.event(
            f"meeting-{m.id}@min-plan",
            stamp,
            m.starts_at.astimezone(UTC),
            m.ends_at.astimezone(UTC),
            words.meeting,
            words.invited % {"names": ", ".join(m.invited)},
            location=m.place,
        )
        for m in schedule.meetings
    ]


def calendar_text(session: Session, feed: CalendarFeed, words: FeedWords) -> str:
    """The feed as iCalendar text, in the language of `words`."""
    schedule = plan_with_schedule(session, feed.owner_id)
    events: list[Event] = []
    stamp = utcnow()
    if schedule is not None and feed.include_measures:
        events += _measure_events(schedule, stamp)
    if schedule is not None and feed.include_meetings:
        events += _meeting_events(schedule, stamp, words)
    return ical.calendar(words.calendar, events, stamp.astimezone(OSLO).date())
