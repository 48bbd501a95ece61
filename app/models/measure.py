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
    author: Mapped[Person] = relationship(viewonly=True)


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
