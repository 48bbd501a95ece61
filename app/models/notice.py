"""Notices by e-mail and SMS: the outbox a change writes in its own transaction, what each person
wants to hear of, and each notice handed to a channel.

The outbox is the bridge between a committed change and the task queue: a row is written with
the change (so a change that rolls back leaves none), and stays undispatched until a worker has
turned it into deliveries (so a process that dies right after the commit leaves it for the next
sweep). A delivery is unique per event, recipient and channel, which is what makes a retried
task harmless."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, intpk, timestamp, utcnow


class OutboxEvent(Base):
    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_undispatched", "dispatched_at", "id"),)

    id: Mapped[intpk]
    occurred_at: Mapped[timestamp] = mapped_column(default=utcnow)
    name: Mapped[str] = mapped_column(String(40))  # an EventName, "case.<step>", "reminder.<what>"
    # The row that recorded the event (a plan change, a case event, a message), which the worker
    # reads for who it concerns; or none, for a reminder about `subject_id`.
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(Integer())
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A reminder's own name ("consent_ending:<id>:<end date>"): the daily job may run twice, the
    # reminder is written once.
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NoticePreference(Base):
    """What one person wants to hear of, and how. No row: the defaults (every topic, both channels)."""

    __tablename__ = "notice_preference"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean(), default=True, server_default=true())
    sms: Mapped[bool] = mapped_column(Boolean(), default=True, server_default=true())
    # The topics (app.domain.notices.Topic) turned off.
    muted: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[timestamp] = mapped_column(default=utcnow, onupdate=utcnow)


class NoticeDelivery(Base):
    """One notice to one recipient on one channel: queued, sent, or given up on (and why)."""

    __tablename__ = "notice_delivery"
    __table_args__ = (
        UniqueConstraint("outbox_id", "recipient", "channel", name="uq_notice_delivery_outbox_id"),
        Index("ix_notice_delivery_status", "status", "id"),
    )

    id: Mapped[intpk]
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_event.id", ondelete="CASCADE"))
    # "person:<id>" or "staff:<id>": one column keeps the uniqueness above simple.
    recipient: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))  # email, sms; "none" when nobody can be reached
    # From the contact register (or a staff member's own e-mail) when dispatched: a retry goes to
    # the same address.
    address: Mapped[str | None] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(5))
    easy_read: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    for_someone: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    status: Mapped[str] = mapped_column(
        String(20), default="queued"
    )  # queued, sending, sent, failed, unreachable, cancelled
    attempts: Mapped[int] = mapped_column(Integer(), default=0, server_default="0")
    # When a worker took it to send: another may take it again only long after (a worker that died).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Why it failed, in words without health data or addresses (an SMTP code, "timeout").
    last_error: Mapped[str | None] = mapped_column(Text())
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
