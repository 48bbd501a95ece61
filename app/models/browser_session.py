"""Server-side sessions: the cookie carries only a signed random id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, intpk, timestamp


class BrowserSession(Base):
    __tablename__ = "browser_session"

    id: Mapped[intpk]
    # SHA-256 of the random token in the cookie: a stolen database gives no usable cookies.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[timestamp]
    last_seen_at: Mapped[timestamp]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who logged in, copied from the data on every save, so logout can find sessions by column.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # ID-porten's session id: front-channel logout ends every session with it, in any process.
    idp_sid: Mapped[str | None] = mapped_column(String(200), index=True)
    acr: Mapped[str | None] = mapped_column(String(50))
    # "citizen" or "staff": each has its own cookie and lifetimes, and a token never crosses over.
    realm: Mapped[str] = mapped_column(String(10), default="citizen", server_default="citizen")
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    logged_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
