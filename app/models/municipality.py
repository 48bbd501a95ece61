"""A municipality and how to reach its koordinerende enhet (KE)."""

from __future__ import annotations

from datetime import time

from sqlalchemy import String, Time
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, str_medium, str_short


class Municipality(Base):
    __tablename__ = "municipality"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str_short]
    # The language the municipality writes in: Luster writes Nynorsk.
    written_locale: Mapped[str] = mapped_column(String(5), default="nb")
    unit_name: Mapped[str_medium]
    phone: Mapped[str | None] = mapped_column(String(30))
    phone_opens: Mapped[time | None] = mapped_column(Time())
    phone_closes: Mapped[time | None] = mapped_column(Time())
    switchboard: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    postal_address: Mapped[str | None] = mapped_column(String(300))
    visiting_address: Mapped[str | None] = mapped_column(String(300))
    office_opens: Mapped[time | None] = mapped_column(Time())
    office_closes: Mapped[time | None] = mapped_column(Time())

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"
