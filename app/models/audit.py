"""The append-only audit log: who did what, on whose behalf, to whose data.

Rows are only ever added. The ORM refuses updates and deletes, and the owner sees them as
the access log.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, append_only, intpk, timestamp, utcnow
from app.models.person import Person


@append_only
class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[intpk]
    occurred_at: Mapped[timestamp] = mapped_column(default=utcnow)
    actor_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    # Whose data it is: the plan's owner, the person a fullmakt is about…
    subject_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    # "self", or how the actor may act for the subject (app.domain.rules.Basis).
    basis: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A staff member's act: the row names the person whose data it is as both actor and subject
    # (as a system's row does) and the staff member here; the basis says in which role
    # ("staff:coordinator"), and the details keep their name, role and municipality as they were.
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))

    actor: Mapped[Person] = relationship(foreign_keys=[actor_id], lazy="joined")


# The person's access log reads their rows newest first, a page at a time (app/services/audit.about):
# this index hands them over in that very order, however many rows other people have.
Index("ix_audit_event_subject_recent", AuditEvent.subject_id, AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
