"""A person who has logged in, or is in the demo data: identified by `pid`, never by `sub`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, intpk, timestamp, utcnow
from app.models.municipality import Municipality

if TYPE_CHECKING:
    from app.models.plan import Plan


class Person(Base):
    __tablename__ = "person"

    id: Mapped[intpk]
    # The national identity number from ID-porten's `pid` claim.
    pid: Mapped[str] = mapped_column(String(11), unique=True)
    # ID-porten gives no name; the population register would. Until then only demo data has one.
    name: Mapped[str | None] = mapped_column(String(200))
    # Derived from pid when the person is created; stored so age rules can query it.
    birth_date: Mapped[date] = mapped_column(Date())
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    # The person's own choices, remembered across logins; None = never chosen.
    locale: Mapped[str | None] = mapped_column(String(5))
    easy_read: Mapped[bool | None] = mapped_column(Boolean())
    # Strengt fortrolig adresse: no address or municipality is shown to a representative, and
    # parental representation through the app is blocked.
    protected_address: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    # KE has registered a reasoned decision that the person cannot consent (relatives may then).
    lacks_capacity: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    created_at: Mapped[timestamp] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    municipality: Mapped[Municipality | None] = relationship(lazy="joined")
    plan: Mapped[Plan | None] = relationship("Plan", uselist=False, viewonly=True)

    @property
    def has_plan(self) -> bool:
        return self.plan is not None

    def __repr__(self) -> str:
        return f"<Person {self.id}>"  # never the identity number: reprs end up in logs
