"""Writing and reading the audit log: every read of someone else's data and
every change by anyone, with both persons and the basis."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.models import AuditEvent

PAGE_SIZE = 20


def record(
    session: Session,
    *,
    actor_id: int,
    subject_id: int,
    basis: str,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        subject_id=subject_id,
        basis=basis,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=details or {},
    )
    session.add(event)
    return event


def by_actor(
    session: Session,
    actor,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """What the actor did to the data of the person they act for (themselves, or whom they act for)."""
    return record(
        session,
        actor_id=actor.person.id,
        subject_id=actor.subject.id,
        basis=actor.basis,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )


def about(
    session: Session, subject_id: int, page: int = 1, hidden: ColumnElement[bool] | None = None
) -> tuple[list[AuditEvent], int]:
    """One page of what happened to a person's data, newest first, and how many in all.

    Events matching `hidden` (what a child keeps from her parents: app.services.privacy) are left out."""
    where = [AuditEvent.subject_id == subject_id]
    if hidden is not None:
        where.append(~hidden)
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where))
    events = session.scalars(
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return list(events), total or 0
