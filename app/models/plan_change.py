"""What happened to a plan, as named domain events (app/domain/events.py): the plan's history the
person reads ("Koordinatoren la til et nytt tiltak", "Besøket torsdag er avlyst"), what is new since
they last looked, and the outbox that notices by e-mail and SMS will read. Rows are only ever added."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, append_only, intpk, timestamp, utcnow


@append_only
class PlanChange(Base):
    __tablename__ = "plan_change"
    __table_args__ = (Index("ix_plan_change_plan_id_id", "plan_id", "id"),)

    id: Mapped[intpk]
    # CASCADE as the consent history's: deleting a plan is refused by the append-only triggers
    # anyway, and erasing it after the retention period (maintenance) takes its history with it.
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    occurred_at: Mapped[timestamp] = mapped_column(default=utcnow)
    name: Mapped[str] = mapped_column(String(40))  # app.domain.events.EventName
    # Who did it: a staff member, or a person (the owner or a representative, with the basis).
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str | None] = mapped_column(String(30))
    # The goal it concerns, if any: a change about a goal a child keeps from her parents is kept too.
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlanSeen(Base):
    """How far a reader (the owner or a representative) has read a plan's changes: what is new is
    everything after."""

    __tablename__ = "plan_seen"
    __table_args__ = (UniqueConstraint("reader_id", "plan_id", name="uq_plan_seen_reader_plan"),)

    id: Mapped[intpk]
    reader_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    last_change_id: Mapped[int] = mapped_column(Integer(), default=0)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlanRevision(Base):
    """A revision with the person at the plan's revision date: what went well, what changes, and
    the plan as it stood (its version), kept for the plan's history."""

    __tablename__ = "plan_revision"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_revision_plan_number"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer())
    revised_at: Mapped[timestamp] = mapped_column(default=utcnow)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    went_well: Mapped[str | None] = mapped_column(Text())
    changes: Mapped[str | None] = mapped_column(Text())
    # The coordinator's words kept from the parents of a 12–15-year-old (the revision was about
    # what she keeps for herself): they read that the plan was revised, and its content as they
    # may see it, but not these words.
    private_from_parents: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
