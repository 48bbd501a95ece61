"""The notices subscribe to the named events as the services record them: every new row of a
source (a plan change, a case event, a message) whose event has a topic gets an outbox row in the
same transaction, and once that transaction commits, the worker is asked to dispatch it at once.

No service or view calls this: it listens to the session. A rollback takes the outbox rows with
the change; a commit whose request to the queue is lost (the process died, the queue was down)
leaves its rows undispatched for the periodic sweep."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.domain.notice_topics import TOPIC_OF
from app.models.notice import OutboxEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """A model whose new rows are events: `kind` names it in the outbox, `name` reads the event's name."""

    kind: str
    name: Callable[[object], str]


_SOURCES: dict[type, Source] = {}
_PENDING = "notifications.pending_sources"
_PUBLISHED = "notifications.published_ids"

# Set by app.notifications.queue: asks the worker to dispatch these outbox rows now.
on_commit: Callable[[list[int]], None] | None = None


def subscribe(model: type, kind: str, name: Callable[[object], str]) -> None:
    _SOURCES[model] = Source(kind, name)


def reminder(session: Session, name: str, subject_id: int | None, key: str, details: dict | None = None) -> None:
    """A reminder about a person, added to the caller's transaction unless one with the same key
    was already written (the daily job may run twice)."""
    if session.scalar(select(OutboxEvent.id).where(OutboxEvent.key == key)) is None:
        session.add(OutboxEvent(name=name, source="reminder", subject_id=subject_id, key=key, details=details or {}))


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    for obj in session.new:
        source = _SOURCES.get(type(obj))
        if source is not None and source.name(obj) in TOPIC_OF:
            session.info.setdefault(_PENDING, []).append((source, obj))
        elif isinstance(obj, OutboxEvent):
            session.info.setdefault(_PUBLISHED, []).append(obj.id)


@event.listens_for(Session, "after_flush_postexec")
def _publish(session: Session, _context) -> None:
    # Added here, not during the flush: the commit flushes again until nothing is left.
    for source, obj in session.info.pop(_PENDING, []):
        session.add(OutboxEvent(name=source.name(obj), source=source.kind, source_id=obj.id))


@event.listens_for(Session, "after_commit")
def _hand_over(session: Session) -> None:
    ids = session.info.pop(_PUBLISHED, [])
    if ids and on_commit is not None:
        try:
            on_commit(ids)
        except Exception:  # the sweep finds them; the change itself has committed
            log.warning("outbox: could not ask the queue to dispatch %d event(s) now", len(ids), exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PUBLISHED, None)
