"""Handing one delivery to its channel, exactly once where the channel allows it.

A delivery is claimed before it is sent (a conditional UPDATE: one worker wins), so two tasks for
the same delivery (the one enqueued at commit and the sweep's) never both send. An SMS carries
the delivery as the gateway's reference, and the gateway refuses a reference it has seen: a
retry after a lost answer sends nothing twice. SMTP has no such reference; a worker that dies
between the server's "250 OK" and marking the delivery sent leaves it to be sent again after the
claim times out (at least once, never silently lost)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.delivery import email as email_channel
from app.delivery import sms as sms_channel
from app.delivery.errors import PermanentFailure, TemporaryFailure
from app.domain.notice_topics import MAX_ATTEMPTS, Channel, Topic
from app.models.base import utcnow
from app.models.notice import NoticeDelivery, OutboxEvent
from app.notifications.facts import facts_of
from app.notifications.recipients import people_of
from app.notifications.texts import words

log = logging.getLogger(__name__)


class TryAgain(Exception):
    """The channel failed for now; try again after `delay` seconds."""

    def __init__(self, delay: float):
        super().__init__(f"try again in {delay} s")
        self.delay = delay


# Queued while the recipient acted for the person, and not sent: that right had ended by the try.
CANCELLED = "cancelled"


def backoff(attempts: int, base: float = 30) -> float:
    """30 s, 1 min, 2 min, 4 min, 8 min: a gateway that is down for a while is not hammered."""
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def claim_timeout() -> timedelta:
    """How long a worker may take to send before another may take the delivery over."""
    return timedelta(seconds=current_app.config["NOTICE_CLAIM_TIMEOUT_SECONDS"])


def _claim(session: Session, delivery_id: int) -> tuple[NoticeDelivery, str] | None:
    """The delivery, taken by this worker, with its event's name; None when another has it or it
    is done. Read in the claim's own transaction, so none stays open while the channel answers."""
    now = utcnow()
    result = session.execute(
        update(NoticeDelivery)
        .where(
            NoticeDelivery.id == delivery_id,
            or_(
                NoticeDelivery.status == "queued",
                (NoticeDelivery.status == "sending") & (NoticeDelivery.claimed_at < now - claim_timeout()),
            ),
        )
        .values(status="sending", claimed_at=now, attempts=NoticeDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.commit()
        return None
    claimed = session.execute(
        select(NoticeDelivery, OutboxEvent.name)
        .join(OutboxEvent, OutboxEvent.id == NoticeDelivery.outbox_id)
        .where(NoticeDelivery.id == delivery_id)
    ).one()
    session.commit()
    return claimed[0], claimed[1]


def _still_told(session: Session, delivery: NoticeDelivery) -> bool:
    """Whether a representative would be told of the event today. A retry, or a delivery the sweep
    finds, may come hours after the dispatch: a fullmakt revoked, a child turned 16 or a goal made
    private since then means the notice is not sent."""
    outbox = session.get(OutboxEvent, delivery.outbox_id)
    facts = facts_of(session, outbox) if outbox is not None else None
    return facts is not None and any(person.id == delivery.person_id for person, _ in people_of(session, facts))


def _finish(session: Session, delivery: NoticeDelivery, status: str, error: str | None = None) -> None:
    delivery.status = status
    delivery.last_error = error
    if status != "queued":  # queued for a retry: when it was last tried stays, for the sweep
        delivery.claimed_at = None
    if status == "sent":
        delivery.sent_at = utcnow()
    session.commit()


def send(session: Session, delivery_id: int) -> str:
    """The delivery's status after this try. Raises TryAgain for a failure worth retrying."""
    claimed = _claim(session, delivery_id)
    if claimed is None:
        return "not_claimed"
    delivery, event_name = claimed
    if delivery.for_someone and not _still_told(session, delivery):
        _finish(session, delivery, CANCELLED, "the recipient no longer acts for the person")
        return CANCELLED
    staff = delivery.staff_member_id is not None
    channel = Channel(delivery.channel)
    said = words(
        event_name,
        Topic(delivery.topic),
        channel,
        delivery.locale,
        delivery.easy_read,
        for_someone=delivery.for_someone,
        staff=staff,
    )
    config = current_app.config
    try:
        if channel == Channel.SMS:
            sms_channel.send_sms(config, delivery.address, said.text, reference=f"minplan-{delivery.id}")
        else:
            host = config["PUBLIC_URL"].split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "minplan"
            email_channel.send_email(
                config,
                delivery.address,
                said.subject,
                said.text,
                None,
                message_id=f"<notice-{delivery.id}@{host}>",
                language=delivery.locale,
            )
    except PermanentFailure as refused:
        log.warning("notice %s: %s refused it for good: %s", delivery.id, channel, refused)
        _finish(session, delivery, "failed", str(refused)[:200])
        return "failed"
    except TemporaryFailure as failed:
        log.info("notice %s: %s failed (attempt %s): %s", delivery.id, channel, delivery.attempts, failed)
        if delivery.attempts >= MAX_ATTEMPTS:
            _finish(session, delivery, "failed", str(failed)[:200])
            return "failed"
        attempts = delivery.attempts
        _finish(session, delivery, "queued", str(failed)[:200])
        raise TryAgain(backoff(attempts, config["NOTICE_RETRY_BASE_SECONDS"])) from failed
    _finish(session, delivery, "sent")
    return "sent"
