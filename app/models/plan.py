"""The individuell plan and its goals: the first parts of the nine, those the
person and their representatives read and take part in. One plan per person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, timestamp, utcnow

if TYPE_CHECKING:
    from app.models.person import Person
    from app.models.staff import StaffMember


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(30))
    # The staff member appointed by the koordinerende enhet; the name above is what the person reads.
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    period_start: Mapped[date | None] = mapped_column(Date())
    period_end: Mapped[date | None] = mapped_column(Date())
    next_revision: Mapped[date | None] = mapped_column(Date())
    # The person's consent to having a plan; consent to sharing information is in app/models/consent.py.
    consented_on: Mapped[date | None] = mapped_column(Date())
    # How the plan consent was given: "app" (by the person in Min plan) or "paper" (recorded by the
    # coordinator from a signed form, with who witnessed it).
    consent_source: Mapped[str | None] = mapped_column(String(10))
    consent_witness: Mapped[str | None] = mapped_column(String(200))
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    # Raised by every change to the plan's own parts (period, revision, consent, coordinator).
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")

    owner: Mapped[Person] = relationship("Person", viewonly=True)
    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", order_by="Goal.position", cascade="all, delete-orphan"
    )
    # The helpers who take part now: one removed stays as a row for the consent history that names
    # them (ConsentChange), but is no longer in the plan anyone reads.
    participants: Mapped[list[Participant]] = relationship(
        primaryjoin="and_(Plan.id == Participant.plan_id, Participant.removed_at.is_(None))",
        order_by="Participant.position",
        cascade="all, delete-orphan",
    )


class Goal(Base):
    __tablename__ = "goal"

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer(), default=0)
    text: Mapped[str] = mapped_column(Text())  # in the person's own words: "Jeg vil …"
    life_area: Mapped[str] = mapped_column(String(40))  # health, daily-living, housing, work, leisure…
    # What I can do myself, who in my family or network helps, what I need help with (§1 a, §6).
    own_resources: Mapped[str | None] = mapped_column(Text())
    network_help: Mapped[str | None] = mapped_column(Text())
    needs: Mapped[str | None] = mapped_column(Text())
    # From 12 the child may keep a goal from their parents (pbrl, "av grunner som bør respekteres").
    private_from_parents: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    # Bumped by every change to the words above: a form carries the version it was read at, so
    # two people editing at once never overwrite each other silently.
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    changed_basis: Mapped[str | None] = mapped_column(String(30))
    changed_at: Mapped[timestamp | None]
    # "proposed": the person's own words from "Hva er viktig for deg?", not yet taken in by the
    # coordinator; "agreed": part of the plan.
    status: Mapped[str] = mapped_column(String(20), default="agreed", server_default="agreed")
    importance: Mapped[str | None] = mapped_column(String(20))  # very, some, little: the person's own word
    # The coordinator's answer to a proposed goal: "agreed" as written, "agreed_changed" (the
    # person's words stay in proposed_text, beside the agreed words in text), or "not_now" with a
    # reason the person reads. Never a silent overwrite of the person's words.
    proposed_text: Mapped[str | None] = mapped_column(Text())
    answer: Mapped[str | None] = mapped_column(String(20))
    answer_reason: Mapped[str | None] = mapped_column(Text())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    answered_at: Mapped[timestamp | None]

    plan: Mapped[Plan] = relationship(back_populates="goals")
    changed_by: Mapped[Person | None] = relationship("Person", foreign_keys=[changed_by_id], viewonly=True)
    answered_by: Mapped[StaffMember | None] = relationship("StaffMember", viewonly=True)
    evaluations: Mapped[list[GoalEvaluation]] = relationship(
        back_populates="goal", order_by="GoalEvaluation.created_at.desc()", cascade="all, delete-orphan"
    )


class GoalEvaluation(Base):
    """ "Hvordan går det?": the person's (or a representative's) word on a goal, kept as history."""

    __tablename__ = "goal_evaluation"
    # A form is sent once: a double click or a replay with the same form token stores nothing twice.
    __table_args__ = (UniqueConstraint("author_id", "form_token", name="uq_goal_evaluation_author_form_token"),)

    id: Mapped[intpk]
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(String(20))  # good, some, hard
    comment: Mapped[str | None] = mapped_column(Text())
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))  # "self" or how the author acts for the owner
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)
    # The one-time token of the form it came from (None for rows from before forms carried one).
    form_token: Mapped[str | None] = mapped_column(String(64))

    goal: Mapped[Goal] = relationship(back_populates="evaluations")
    author: Mapped[Person] = relationship("Person", viewonly=True)


class Participant(Base):
    """Who takes part (§1 b, d, i): the services and people who help, relatives, other agencies."""

    __tablename__ = "participant"

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer(), default=0)
    kind: Mapped[str] = mapped_column(String(20))  # service, relative, agency
    service: Mapped[str] = mapped_column(String(200))  # "Hjemmetjenesten", "Fastlegen", "NAV Askøy"
    name: Mapped[str | None] = mapped_column(String(200))  # a contact person, when the person wants one shown
    role: Mapped[str | None] = mapped_column(String(200))
    helps_with: Mapped[str | None] = mapped_column(Text())  # what they contribute (§1 d)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer(), default=1, server_default="1")
    # When the coordinator removed the helper from the plan; None while they take part.
    removed_at: Mapped[timestamp | None]
    # The goals this helper serves: one who serves only a goal a child keeps from her parents is
    # kept from them too (app/services/privacy.py).
    goals: Mapped[list[Goal]] = relationship(secondary="participant_goal", viewonly=True, order_by="Goal.position")


class ParticipantGoal(Base):
    """A helper serves a goal (§1 b, d linked to a)."""

    __tablename__ = "participant_goal"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True, index=True)
