"""The individuell plan and its goals (DOMAIN.md §1): the first parts of the nine, those the
person and their representatives read and take part in. One plan per person."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, timestamp, utcnow

if TYPE_CHECKING:
    from app.models.person import Person


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(30))
    period_start: Mapped[date | None] = mapped_column(Date())
    period_end: Mapped[date | None] = mapped_column(Date())
    next_revision: Mapped[date | None] = mapped_column(Date())

    owner: Mapped["Person"] = relationship("Person", viewonly=True)
    goals: Mapped[list["Goal"]] = relationship(back_populates="plan", order_by="Goal.position",
                                               cascade="all, delete-orphan")


class Goal(Base):
    __tablename__ = "goal"

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer(), default=0)
    text: Mapped[str] = mapped_column(Text())            # in the person's own words: "Jeg vil …"
    life_area: Mapped[str] = mapped_column(String(40))   # health, daily-living, housing, work, leisure…
    # From 12 the child may keep a goal from their parents (pbrl, "av grunner som bør respekteres").
    private_from_parents: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())

    plan: Mapped[Plan] = relationship(back_populates="goals")
    evaluations: Mapped[list["GoalEvaluation"]] = relationship(
        back_populates="goal", order_by="GoalEvaluation.created_at.desc()", cascade="all, delete-orphan")


class GoalEvaluation(Base):
    """"Hvordan går det?": the person's (or a representative's) word on a goal, kept as history."""

    __tablename__ = "goal_evaluation"

    id: Mapped[intpk]
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(String(20))      # good, some, hard
    comment: Mapped[str | None] = mapped_column(Text())
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))        # "self" or how the author acts for the owner
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="evaluations")
