""" "Hva er viktig for deg?": the person's own answers before the koordineringsmøte.

The draft lives in the database, not the browser session, so it outlives a timed-out login and
is shared by the person and the representatives who may take part in their plan with full access,
whether or not they have a plan yet. A parent of a 12–15-year-old has a draft of his own: the
child's unsent answers are hers, and what he writes reaches her plan as his proposal.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, intpk, timestamp, utcnow

if TYPE_CHECKING:
    from app.models.person import Person


class WizardDraft(Base):
    __tablename__ = "wizard_draft"
    __table_args__ = (UniqueConstraint("owner_id", "author_id", name="uq_wizard_draft_owner_author"),)

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    # Whose draft it is: the owner's own (author_id == owner_id, never NULL, so the unique
    # constraint holds on every database), or a restricted parent's, which the child never shares.
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    furthest_step: Mapped[int] = mapped_column(Integer(), default=0)
    # Raised on every save: a form from a second tab or another representative carries the
    # version it was shown with, and a stale one is shown beside the newer answers, not saved.
    version: Mapped[int] = mapped_column(Integer(), default=1)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    updated_basis: Mapped[str] = mapped_column(String(30))
    updated_at: Mapped[timestamp] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    updated_by: Mapped[Person] = relationship(foreign_keys=[updated_by_id], lazy="joined")


class PlanRequest(Base):
    """A simple request for an individuell plan, to the municipality's koordinerende enhet.

    One open request per person (a double click, two tabs, a representative and the person at the
    same moment): the database holds it with a partial unique index."""

    __tablename__ = "plan_request"
    __table_args__ = (
        Index(
            "uq_plan_request_one_open",
            "person_id",
            unique=True,
            sqlite_where=text("status = 'received'"),
            postgresql_where=text("status = 'received'"),
        ),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)  # the draft, attached
    status: Mapped[str] = mapped_column(String(20), default="received")
    # What the person wants help with, in their own words, and how KE may reach them.
    wish: Mapped[str | None] = mapped_column(Text())
    contact_by: Mapped[str | None] = mapped_column(String(20))  # phone, email, letter
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    # Whom they would like as coordinator, if anyone: their wish weighs heavily (pbrl § 2-5).
    coordinator_wish: Mapped[str | None] = mapped_column(Text())
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)


class WizardSubmission(Base):
    """One sent draft: who sent it, for whom, on what basis. A replayed send finds it and adds nothing."""

    __tablename__ = "wizard_submission"
    __table_args__ = (
        UniqueConstraint("owner_id", "author_id", "draft_version", name="uq_wizard_submission_draft_version"),
    )

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))  # as WizardDraft.author_id
    draft_version: Mapped[int] = mapped_column(Integer())
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))
    sent_at: Mapped[timestamp] = mapped_column(default=utcnow)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    plan_request_id: Mapped[int | None] = mapped_column(ForeignKey("plan_request.id", ondelete="SET NULL"))
    # Who the person wants in the planning, and someone they trust to bring to the meeting (§1 b).
    participants_wish: Mapped[str | None] = mapped_column(Text())
    trusted_person: Mapped[str | None] = mapped_column(Text())
    answers: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    # The goal each life area became, so a goal the child later keeps from her parents is left out
    # wherever this submission is shown to them.
    goal_ids: Mapped[dict[str, int]] = mapped_column(JSON(), default=dict)
