"""Writing and reading the audit log: every read of someone else's data and
every change by anyone, with both persons and the basis."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

from app.domain.api_consumer import SystemForPerson
from app.domain.staff_access import PlanAccess, Role, StaffForPerson, staff_basis
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


def record_many(session: Session, rows: list[dict]) -> None:
    """Rows of `record`'s fields in one statement, whatever their number: what a system was shown
    on one page of a search costs the same to log for one person as for fifty."""
    if rows:
        session.execute(insert(AuditEvent), [{"object_type": None, "object_id": None, **row} for row in rows])


def by_actor(
    session: Session,
    actor,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """What the actor did to the data of the person they act for (themselves, or whom they act for);
    a staff member at work on a person's plan (StaffForPerson) is recorded as staff."""
    if isinstance(actor, StaffForPerson):
        return by_staff(
            session,
            actor.staff,
            actor.subject.id,
            actor.subject.municipality,
            action,
            object_type,
            object_id,
            details,
            role=actor.role,
        )
    if isinstance(actor, SystemForPerson):
        # Which municipality's system, for the person's access log ("Askøy kommunes fagsystem endret …").
        details = {**(details or {}), **actor.audit_details}
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


def by_staff(
    session: Session,
    staff,
    subject_id: int,
    municipality,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict | None = None,
    *,
    role: Role,
) -> AuditEvent:
    """What a staff member (app.domain.staff_access.StaffActor) did to or read of a person's data.

    The row names the person as actor and subject (the audit log's actor is a person) and the
    staff member in its own column; the basis is the role they acted in (`role`: a coordinator who
    is also a KE officer opens the plan she coordinates as its coordinator, a case as the KE), and
    the details keep their name, role and municipality as they were then, for the person's access log."""
    event = record(
        session,
        actor_id=subject_id,
        subject_id=subject_id,
        basis=staff_basis(role),
        action=action,
        object_type=object_type,
        object_id=object_id,
        details={
            **(details or {}),
            "staff_name": staff.member.name,
            "staff_role": str(role),
            "municipality": municipality.name if municipality is not None else None,
        },
    )
    event.staff_member_id = staff.member.id
    return event


def staff_opened_plan(session: Session, staff, plan, access: PlanAccess, reason: str | None = None) -> AuditEvent:
    """A staff page showing the plan or anything of it, on the ground it was opened on: as its
    coordinator, or as the KE with the reason given. Every page that shows it writes this, the
    page a refused or stale form answers with too; the caller commits before showing it."""
    with_reason = access == PlanAccess.REASON_GIVEN
    return by_staff(
        session,
        staff,
        plan.owner_id,
        plan.owner.municipality,
        "plan.read_with_reason" if with_reason else "plan.read",
        "plan",
        plan.id,
        {"reason": reason} if with_reason else None,
        role=access.role,
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
