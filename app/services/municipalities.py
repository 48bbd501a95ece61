"""Finding municipalities and their KE contact."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Municipality


def list_municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


def find_municipality(session: Session, slug: str) -> Municipality | None:
    return session.scalar(select(Municipality).where(Municipality.slug == slug))
