"""Who may act for whom, and on what basis. The rules that read these rows
are in app/domain/rules.py; this is only what is registered."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, intpk, timestamp, utcnow
from app.models.person import Person


class Representation(Base):
    __tablename__ = "representation"
    # One right in force per holder, person and basis: requests at the same moment cannot leave
    # a second fullmakt behind that outlives withdrawing the first.
    __table_args__ = (
        Index(
            "uq_representation_one_in_force",
            "holder_id",
            "represented_id",
            "basis",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    holder_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    represented_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    basis: Mapped[str] = mapped_column(String(30))  # app.domain.rules.Basis
    # Verge: the mandate (personal, health…); fullmakt: what the person granted (read, contribute).
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date())
    valid_to: Mapped[date | None] = mapped_column(Date())  # the last day it is valid
    # Where the right comes from: the Statsforvalteren's decision, KE's decision on capacity…
    reference: Mapped[str | None] = mapped_column(String(200))
    # The holder's name as the grantor typed it: it is the grantor's word, shown to the grantor only.
    # A person's own name never comes from what someone else typed.
    holder_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    holder: Mapped[Person] = relationship(foreign_keys=[holder_id], lazy="joined")
    represented: Mapped[Person] = relationship(foreign_keys=[represented_id], lazy="joined")

    @property
    def holder_called(self) -> str | None:
        """What the grantor calls the holder: the name they typed; for rights registered elsewhere, the holder's own."""
        return self.holder_name or self.holder.name

    def __repr__(self) -> str:
        return f"<Representation {self.id} {self.basis}>"
