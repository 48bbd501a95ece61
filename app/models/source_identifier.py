"""A municipal system's own identifier for something it created through the FHIR API (a goal, a
measure), so that the same create sent twice (a retry after a timeout) finds what the first made
instead of making a second."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, timestamp, utcnow


class SourceIdentifier(Base):
    __tablename__ = "source_identifier"
    # One thing per identifier within a municipality's systems and a resource type: the unique
    # index is what makes two retries in the same instant one create (the second waits, then finds it).
    __table_args__ = (
        UniqueConstraint("municipality_id", "resource_type", "system", "value", name="uq_source_identifier"),
    )

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    resource_type: Mapped[str] = mapped_column(String(30))  # Goal, ServiceRequest
    system: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(String(200))
    # None while the create it names is being made; a claim left behind by a crash is taken over.
    resource_id: Mapped[int | None] = mapped_column(Integer(), index=True)
    claimed_at: Mapped[timestamp] = mapped_column(default=utcnow)
