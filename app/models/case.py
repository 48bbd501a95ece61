"""What comes in to the koordinerende enhet (KE): a request for a plan or for a coordinator, a
complaint, a withdrawn plan consent. One row is one case on the KE's desk, followed by the person
in Min plan; its history (CaseEvent) is only ever added to."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, append_only, intpk, timestamp, utcnow
from app.models.municipality import Municipality
from app.models.person import Person
from app.models.staff import StaffMember

if TYPE_CHECKING:
    from app.models.wizard import PlanRequest


class Case(Base):
    __tablename__ = "ke_case"  # "case" is a reserved word in SQL
    __table_args__ = (Index("ix_ke_case_municipality_status", "municipality_id", "status"),)

    id: Mapped[intpk]
    # app.domain.cases.Kind: plan_request, coordinator_request, complaint, plan_consent_withdrawn
    kind: Mapped[str] = mapped_column(String(30))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="RESTRICT"))
    # Whose case it is, who sent it, and on what basis (self, verge, parent, fullmakt).
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[timestamp] = mapped_column(default=utcnow)
    # One month from receipt (forvaltningsloven § 11 a): by then a decision or an interim answer.
    deadline: Mapped[date] = mapped_column(Date())
    # app.domain.cases.Status: received, in_review, decided, forwarded, closed
    status: Mapped[str] = mapped_column(String(20), default="received")
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    interim_answer: Mapped[str | None] = mapped_column(Text())
    interim_expected_by: Mapped[date | None] = mapped_column(Date())
    interim_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # app.domain.cases.Decision: granted, coordinator_only, declined; for a complaint: changed, forwarded
    decision: Mapped[str | None] = mapped_column(String(30))
    decision_reason: Mapped[str | None] = mapped_column(Text())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    # What the person sent: a request (with the wizard's answers, their wish, how to reach them)…
    plan_request_id: Mapped[int | None] = mapped_column(ForeignKey("plan_request.id", ondelete="SET NULL"))
    # …or a complaint: which kind (app.domain.cases.ComplaintReason), their words, the case it is about.
    complaint_reason: Mapped[str | None] = mapped_column(String(30))
    complaint_text: Mapped[str | None] = mapped_column(Text())
    about_case_id: Mapped[int | None] = mapped_column(ForeignKey("ke_case.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Raised on every change: two officers on one case at once, and the second is shown what happened.
    version: Mapped[int] = mapped_column(Integer(), default=1)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    sent_by: Mapped[Person] = relationship(foreign_keys=[sent_by_id])
    handler: Mapped[StaffMember | None] = relationship(foreign_keys=[handler_id])
    coordinator: Mapped[StaffMember | None] = relationship(foreign_keys=[coordinator_id])
    plan_request: Mapped[PlanRequest | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.id", viewonly=True)


@append_only
class CaseEvent(Base):
    """One step of a case, as the person and the desk read it: received, taken, interim answer…"""

    __tablename__ = "ke_case_event"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("ke_case.id", ondelete="RESTRICT"), index=True)
    occurred_at: Mapped[timestamp] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(30))  # app.domain.cases.Step
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    staff_member: Mapped[StaffMember | None] = relationship(lazy="joined")
