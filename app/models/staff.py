"""The municipality's staff: who they are at their own identity provider, and the roles Min plan
gives them per municipality. A role is granted and revoked, never edited: the rows are its history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, intpk, str_short, timestamp, utcnow
from app.models.municipality import Municipality


class StaffMember(Base):
    """A staff member as their municipality's identity provider names them: by issuer and `sub`,
    never by e-mail (an address can be given to someone else)."""

    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_staff_member_issuer_subject"),)

    id: Mapped[intpk]
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    name: Mapped[str_short]
    email: Mapped[str | None] = mapped_column(String(200), index=True)
    username: Mapped[str | None] = mapped_column(String(200))
    first_login_at: Mapped[timestamp] = mapped_column(default=utcnow)
    last_login_at: Mapped[timestamp] = mapped_column(default=utcnow)

    roles: Mapped[list[StaffRole]] = relationship(
        foreign_keys="StaffRole.staff_member_id", back_populates="member", viewonly=True
    )


class StaffRole(Base):
    """One role in one municipality (app.domain.staff_access.Role), from its grant to its revocation."""

    __tablename__ = "staff_role"
    __table_args__ = (
        Index(
            "uq_staff_role_active",
            "staff_member_id",
            "municipality_id",
            "role",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[timestamp] = mapped_column(default=utcnow)
    # None: granted by the command line (`flask staff grant`), the first KE officer of a municipality.
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))

    member: Mapped[StaffMember] = relationship(foreign_keys=[staff_member_id], back_populates="roles")
    municipality: Mapped[Municipality] = relationship(lazy="joined")
    granted_by: Mapped[StaffMember | None] = relationship(foreign_keys=[granted_by_id])
