"""Messages as a source of notices: each new message is the event "message.sent". The person's
side is told of a message from the coordinator or the koordinerende enhet alike; the coordinator
is told of the person's side's, and while the person has an open case at the KE, so is the case's
handler (or, with none yet, the municipality's KE officers). A message a 12–15-year-old keeps
from her parents is never told to them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.notice_topics import MESSAGE_SENT
from app.domain.staff_access import Role
from app.models import Plan, StaffRole
from app.models.message import Message
from app.models.notice import OutboxEvent
from app.notifications.facts import Facts, resolver
from app.notifications.outbox import subscribe
from app.notifications.sources import case_officers
from app.services.case_desk import open_cases_of

subscribe(Message, "message", lambda message: MESSAGE_SENT)


@resolver("message")
def message_facts(session: Session, outbox: OutboxEvent) -> Facts | None:
    message = session.get(Message, outbox.source_id) if outbox.source_id is not None else None
    if message is None or message.withdrawn_at is not None:
        return None
    plan = session.get(Plan, message.plan_id)
    if plan is None:
        return None
    from_staff = message.staff_member_id is not None
    return Facts(
        subject_id=plan.owner_id,
        private=message.private_from_parents,
        by_person_id=message.person_id,
        by_staff_id=message.staff_member_id,
        staff_ids=() if from_staff else _staff_told(session, plan),
        tell_person=from_staff,
        happens_at=None,
    )


def _staff_told(session: Session, plan: Plan) -> tuple[int, ...]:
    """Who on the municipality's side hears of the person's side's message: the coordinator, and
    for each open case at the KE its handler, or the KE's officers while nobody has taken it.
    Only someone who holds that role in the person's municipality today: a coordinator or handler
    whose role was taken away is not told, and the KE's officers are told in their place, so the
    message does not go unread."""
    municipality_id = plan.owner.municipality_id
    coordinators = _holding(session, municipality_id, Role.COORDINATOR)
    handlers = _holding(session, municipality_id, Role.KE_OFFICER)
    told = []
    if plan.coordinator_id is not None:
        told += (
            [plan.coordinator_id] if plan.coordinator_id in coordinators else case_officers(session, municipality_id)
        )
    for case in open_cases_of(session, plan.owner_id, municipality_id):
        told += [case.handler_id] if case.handler_id in handlers else case_officers(session, municipality_id)
    return tuple(dict.fromkeys(told))


def _holding(session: Session, municipality_id: int | None, role: Role) -> set[int]:
    return set(
        session.scalars(
            select(StaffRole.staff_member_id).where(
                StaffRole.municipality_id == municipality_id,
                StaffRole.role == str(role),
                StaffRole.revoked_at.is_(None),
            )
        )
    )
