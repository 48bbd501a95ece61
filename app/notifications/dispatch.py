"""From an outbox row to deliveries: who is told, on which channels, at which address, in which
language. Run by a worker; running it twice for one row adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.notice_topics import TOPIC_OF, VISIT_NOTICE_DAYS, Channel, Topic
from app.models.base import utcnow
from app.models.notice import NoticeDelivery, OutboxEvent
from app.notifications import contacts
from app.notifications.facts import Facts, facts_of
from app.notifications.recipients import Recipient, recipients


def _worth_telling(topic: Topic, facts: Facts) -> bool:
    if topic == Topic.VISITS:
        now = clock.now()
        return facts.happens_at is not None and now <= facts.happens_at <= now + timedelta(days=VISIT_NOTICE_DAYS)
    return True


def _deliveries(outbox: OutboxEvent, topic: Topic, told: list[Recipient], found: dict) -> list[NoticeDelivery]:
    made = []
    for recipient in told:
        if not recipient.channels:
            continue
        base = {
            "outbox_id": outbox.id,
            "recipient": recipient.key,
            "person_id": recipient.person_id,
            "staff_member_id": recipient.staff_member_id,
            "topic": str(topic),
            "locale": recipient.locale,
            "easy_read": recipient.easy_read,
            "for_someone": recipient.for_someone,
        }
        if recipient.pid is None:
            made.append(NoticeDelivery(**base, channel=str(Channel.EMAIL), address=recipient.email))
            continue
        contact = found.get(recipient.pid)
        if contact is None or not contact.may_contact_digitally:
            # Reserved against digital contact, or not in the register: the coordinator must reach
            # them another way, and sees so.
            reason = "reserved" if contact is not None and contact.reserved else "no_contact_details"
            made.append(NoticeDelivery(**base, channel="none", status="unreachable", last_error=reason))
            continue
        for channel, address in ((Channel.EMAIL, contact.email), (Channel.SMS, contact.mobile)):
            if channel in recipient.channels and address:
                made.append(NoticeDelivery(**base, channel=str(channel), address=address))
    return made


def dispatch(session: Session, outbox_id: int) -> list[int]:
    """The deliveries to send now (their ids), after the outbox row is marked dispatched in the
    same commit. Raises contacts.RegisterUnavailable, leaving the row for a retry."""
    outbox = session.scalar(select(OutboxEvent).where(OutboxEvent.id == outbox_id).with_for_update())
    if outbox is None or outbox.dispatched_at is not None:
        session.rollback()
        return []
    topic = TOPIC_OF.get(outbox.name)
    facts = facts_of(session, outbox) if topic is not None else None
    made: list[NoticeDelivery] = []
    if facts is not None and _worth_telling(topic, facts):
        told = recipients(session, facts, topic)
        found = contacts.lookup([r.pid for r in told if r.pid is not None and r.channels])
        made = _deliveries(outbox, topic, told, found)
        already = set(
            session.execute(
                select(NoticeDelivery.recipient, NoticeDelivery.channel).where(NoticeDelivery.outbox_id == outbox.id)
            ).all()
        )
        made = [d for d in made if (d.recipient, d.channel) not in already]
        session.add_all(made)
    outbox.dispatched_at = utcnow()
    session.commit()
    return [d.id for d in made if d.status == "queued"]
