"""Measures (tiltak), when they happen, koordineringsmøter, and the person's calendar feed."""

from __future__ import annotations

import hashlib

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, timestamp, utcnow
from app.models.person import Person
from app.models.plan import Goal, Plan


class Measure(Base):
    """A tiltak: what, how much, who is responsible (a service and a role), and how it is done."""

    __tablename__ = "measure"

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer(), default=0)
    what: Mapped[str] = mapped_column(String(300))
    how_much: Mapped[str | None] = mapped_column(String(300))
    service_name: Mapped[str] = mapped_column(String(200))  # the service, not a named person
    responsible_role: Mapped[str | None] = mapped_column(String(200))
    how: Mapped[str | None] = mapped_column(Text())
    # The goal the measure serves, if any: a measure for a goal kept from parents is kept too.
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")
    # Set by every write of the measure, its schedule included (each moves the version on): what
    # the FHIR API gives as meta.lastUpdated. None on rows from before it was kept.
    changed_at: Mapped[timestamp | None] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship()
    goal: Mapped[Goal | None] = relationship(viewonly=True)
    schedule: Mapped[list[ScheduleEntry]] = relationship(
        back_populates="measure", order_by="ScheduleEntry.id", cascade="all, delete-orphan"
    )


class ScheduleEntry(Base):
    """When a measure happens, as RFC 5545 text: a DTSTART (Europe/Oslo) and an optional RRULE.

    A single date is a DTSTART alone; a period is an RRULE with UNTIL or COUNT. Kept as text so
    the calendar feed can hand the same rule to the person's phone unchanged."""

    __tablename__ = "schedule_entry"
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="positive_duration"),)

    id: Mapped[intpk]
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    recurrence: Mapped[str] = mapped_column(Text())
    duration_minutes: Mapped[int] = mapped_column(Integer())

    measure: Mapped[Measure] = relationship(back_populates="schedule")
    exceptions: Mapped[list[ScheduleException]] = relationship(
        back_populates="entry", order_by="ScheduleException.occurs_at", cascade="all, delete-orphan"
    )


class ScheduleException(Base):
    """One visit of a rule that does not happen as the rule says: cancelled, or moved to another
    time (RFC 5545 EXDATE, or RECURRENCE-ID with the new time, in the calendar feed)."""

    __tablename__ = "schedule_exception"
    __table_args__ = (UniqueConstraint("entry_id", "occurs_at", name="uq_schedule_exception_entry_occurrence"),)

    id: Mapped[intpk]
    entry_id: Mapped[int] = mapped_column(ForeignKey("schedule_entry.id", ondelete="CASCADE"), index=True)
    occurs_at: Mapped[timestamp]  # the visit as the rule gives it
    kind: Mapped[str] = mapped_column(String(20))  # cancelled, moved
    new_start: Mapped[timestamp | None]
    new_minutes: Mapped[int | None] = mapped_column(Integer())
    note: Mapped[str | None] = mapped_column(Text())  # in plain words, for the person
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)

    entry: Mapped[ScheduleEntry] = relationship(back_populates="exceptions")


class Meeting(Base):
    """A koordineringsmøte: the person (or parent/guardian) and the coordinator, and whoever is invited."""

    __tablename__ = "meeting"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[timestamp]
    ends_at: Mapped[timestamp]
    place: Mapped[str] = mapped_column(String(300))
    invited: Mapped[list[str]] = mapped_column(JSON, default=list)  # "Line Haugland, koordinator", …
    video_link: Mapped[str | None] = mapped_column(String(500))
    called_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")

    plan: Mapped[Plan] = relationship()
    topics: Mapped[list[MeetingTopic]] = relationship(
        back_populates="meeting", order_by="MeetingTopic.id", cascade="all, delete-orphan"
    )


def topic_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MeetingTopic(Base):
    """Something the person (or a representative) wants talked about at a koordineringsmøte."""

    __tablename__ = "meeting_topic"
    # The same words from the same person once per meeting, however many requests arrive at once;
    # the text is too long to index, so its SHA-256 is.
    __table_args__ = (
        UniqueConstraint("meeting_id", "author_id", "text_digest", name="uq_meeting_topic_meeting_author_digest"),
    )

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text())
    text_digest: Mapped[str] = mapped_column(
        String(64), default=lambda context: topic_digest(context.get_current_parameters()["text"])
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="topics")
    # "proposed", "on_agenda" (taken onto the meeting's agenda) or "answered" (with `answer`).
    status: Mapped[str] = mapped_column(String(20), default="proposed", server_default="proposed")
    answer: Mapped[str | None] = mapped_column(Text())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))

    author: Mapped[Person] = relationship(viewonly=True)


class MeetingMinutes(Base):
    """What a koordineringsmøte decided, who does what by when, and the coordinator's short
    easy-read summary for the person. Seen by the person and the invited only."""

    __tablename__ = "meeting_minutes"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)
    decisions: Mapped[str] = mapped_column(Text())
    # [{"what": …, "who": …, "by": "YYYY-MM-DD" | None}, …]
    actions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    easy_summary: Mapped[str | None] = mapped_column(Text())
    # Minutes that speak of a goal a child keeps from her parents are kept from them too.
    private_from_parents: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    written_at: Mapped[timestamp] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")


class CalendarFeed(Base):
    """A person's own iCalendar feed. Only the token's SHA-256 is kept: a copy of the database
    cannot be used to read anyone's calendar, and renewing replaces the hash, killing the old URL."""

    __tablename__ = "calendar_feed"

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    include_measures: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    include_meetings: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)

    owner: Mapped[Person] = relationship(viewonly=True)
