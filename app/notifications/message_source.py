"""Messages as a source of notices: each new message is the event "message.sent". The person's
side is told of the coordinator's message; the coordinator is told of the person's side's. A
message a 12–15-year-old keeps from her parents is never told to them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain.notice_topics import MESSAGE_SENT
from app.models import Plan
from app.models.message import Message
from app.models.notice import OutboxEvent
from app.notifications.facts import Facts, resolver
from app.notifications.outbox import subscribe

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
        staff_ids=() if from_staff or plan.coordinator_id is None else (plan.coordinator_id,),
        tell_person=from_staff,
        happens_at=None,
    )
