"""Consent (samtykke): to having a plan, and to sharing information between the
services in it. Each has a current state, one row that changes, and an append-only history
of every change: who, on whose behalf, on what basis, when, and what before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, append_only, intpk, timestamp, utcnow
from app.models.person import Person
from app.models.plan import Participant

GIVEN = "given"
WITHDRAWN = "withdrawn"


class SharingConsent(Base):
    """What one service in the plan may share about the person now. `version` rises with every
    change: a form carries the version it was based on, and a stale one changes nothing."""

    __tablename__ = "sharing_consent"
    __table_args__ = (UniqueConstraint("plan_id", "participant_id", name="uq_sharing_consent_plan_participant"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))  # given, withdrawn
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)  # consents.AREAS keys
    exclusions: Mapped[str | None] = mapped_column(Text())  # what is never shared, in the person's words
    purpose: Mapped[str] = mapped_column(Text())
    valid_from: Mapped[date] = mapped_column(Date())
    valid_to: Mapped[date | None] = mapped_column(Date())  # the last day; None: until withdrawn
    version: Mapped[int] = mapped_column(Integer(), default=1)
    changed_at: Mapped[timestamp] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))

    participant: Mapped[Participant] = relationship(lazy="joined")
    changed_by: Mapped[Person] = relationship(lazy="joined")

    # The database, not only the form, refuses a second writer working from the same version.
    __mapper_args__ = {"version_id_col": version}


class PlanConsent(Base):
    """The consent to having a plan at all. `Plan.consented_on`
    keeps the date of the consent in force, for the plan page."""

    __tablename__ = "plan_consent"

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20))  # given, withdrawn
    given_on: Mapped[date] = mapped_column(Date())
    version: Mapped[int] = mapped_column(Integer(), default=1)
    changed_at: Mapped[timestamp] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))

    changed_by: Mapped[Person | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


@append_only
class ConsentChange(Base):
    """One change to a consent, kept for ever: rows are only ever added."""

    __tablename__ = "consent_change"
    __table_args__ = (Index("ix_consent_change_plan_time", "plan_id", "occurred_at"),)

    id: Mapped[intpk]
    occurred_at: Mapped[timestamp] = mapped_column(default=utcnow)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # sharing, plan
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    # The service's name then: the history reads the same if the service is renamed or leaves.
    participant_name: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))  # given, changed, withdrawn
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))  # app.domain.rules.Basis
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # When a parent acts for a child aged 7–15: what the child thinks.
    child_view: Mapped[str | None] = mapped_column(String(30))
    child_view_text: Mapped[str | None] = mapped_column(Text())

    author: Mapped[Person | None] = relationship(foreign_keys=[author_id], lazy="joined")
