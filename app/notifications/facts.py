"""What the worker needs to know of an event to decide who is told: read from the event's source
row by a resolver each source registers (app/notifications/sources.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from app.models.notice import OutboxEvent


@dataclass(frozen=True)
class Facts:
    subject_id: int | None  # the person it concerns: told, with whoever may act for them
    private: bool = False  # kept from the parents of a 12–15-year-old
    by_person_id: int | None = None  # who caused it is not told of it
    by_staff_id: int | None = None
    staff_ids: tuple[int, ...] = field(default_factory=tuple)  # staff members told of it
    tell_person: bool = True  # False: only staff are told (a request the person sent themselves)
    happens_at: datetime | None = None  # a visit's time: only the coming week is worth a notice


Resolver = Callable[[Session, OutboxEvent], Facts | None]
_RESOLVERS: dict[str, Resolver] = {}


def resolver(kind: str):
    def register(function: Resolver) -> Resolver:
        _RESOLVERS[kind] = function
        return function

    return register


def facts_of(session: Session, outbox: OutboxEvent) -> Facts | None:
    """None: the source is gone (erased), or the event concerns nobody."""
    function = _RESOLVERS.get(outbox.source)
    return function(session, outbox) if function is not None else None
