"""What is deleted once nobody needs it any more, a bounded batch at a time.

Two tables grow with every visit and every change and hold nothing anyone reads after a while:

- **Browser sessions** past their idle or absolute timeout, or revoked. Not at the moment they end:
  the request that finds its session ended still reads the row (whose it was, the CSRF token its
  forms carried), so a form written in it is kept for the same person (app/auth/kept_form.py).
  A row is deleted only a grace period after it ended.
- **Notices**: an outbox row and its deliveries, once every delivery is done with (sent, given up,
  or nobody to reach) and the row is older than the retention period. What still reads them: the
  KE's page of notices that did not get through and the coordinator's count of failed notices (the
  last 30 days), the metrics (the last day), and the daily reminders, whose outbox key keeps a
  reminder from being written twice while its date is within 30 days. Nothing else shows a person
  their notices; the plan's history and a case's history are other tables and stay. An outbox row
  not yet dispatched, or a delivery queued or being sent, is never deleted, however old.

Each statement deletes at most `batch` rows (a notice's deliveries: `batch` notices' worth) and
each batch commits on its own, so a large backlog never holds a long lock on a busy table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from app.models import BrowserSession
from app.models.base import utcnow
from app.models.notice import NoticeDelivery, OutboxEvent

# Longer than every window that still reads a finished notice: the failed notices' 30 days
# (app/services/failed_notices.py, app/notifications/reach.py) and the reminders' 30 days ahead
# (app/domain/notice_topics.ENDING_NOTICE_DAYS), with a day to spare.
MINIMUM_NOTICE_RETENTION = timedelta(days=31)
FINISHED = ("sent", "failed", "unreachable", "cancelled")


@dataclass(frozen=True)
class Lifetimes:
    """A realm's session timeouts (app/sessions.py)."""

    realm: str
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class PrunedNotices:
    notices: int
    deliveries: int


def purge_sessions(
    session: Session, lifetimes: list[Lifetimes], grace: timedelta, batch: int, now: datetime | None = None
) -> int:
    """Delete the sessions that ended (timed out or revoked) more than `grace` ago; how many."""
    now = now or utcnow()
    ended_long_ago = or_(
        *(
            and_(
                BrowserSession.realm == life.realm,
                or_(
                    BrowserSession.last_seen_at < now - life.idle - grace,
                    BrowserSession.created_at < now - life.absolute - grace,
                ),
            )
            for life in lifetimes
        ),
        BrowserSession.revoked_at < now - grace,
    )
    removed = 0
    while True:
        ids = list(
            session.scalars(select(BrowserSession.id).where(ended_long_ago).order_by(BrowserSession.id).limit(batch))
        )
        if not ids:
            break
        result = session.execute(delete(BrowserSession).where(BrowserSession.id.in_(ids)))
        session.commit()
        removed += result.rowcount or 0
        if len(ids) < batch:
            break
    return removed


def prune_notices(session: Session, keep: timedelta, batch: int, now: datetime | None = None) -> PrunedNotices:
    """Delete the finished notices older than `keep` (at least MINIMUM_NOTICE_RETENTION), with
    their deliveries; how many of each."""
    if keep < MINIMUM_NOTICE_RETENTION:
        raise ValueError(f"notices are read for {MINIMUM_NOTICE_RETENTION.days} days; {keep.days} is too short")
    cutoff = (now or utcnow()) - keep
    still_needed = exists().where(
        NoticeDelivery.outbox_id == OutboxEvent.id,
        or_(NoticeDelivery.status.not_in(FINISHED), NoticeDelivery.created_at >= cutoff),
    )
    # The newest row of each table stays: SQLite hands out the highest id again once it is deleted,
    # and a delivery's id is the SMS gateway's reference, which the gateway refuses a second time.
    newest_notice = select(func.max(OutboxEvent.id)).correlate(None).scalar_subquery()
    newest_delivery = select(func.max(NoticeDelivery.id)).correlate(None).scalar_subquery()
    old = and_(
        OutboxEvent.occurred_at < cutoff,
        OutboxEvent.dispatched_at.is_not(None),
        OutboxEvent.id < newest_notice,
        ~still_needed,
        ~exists().where(NoticeDelivery.outbox_id == OutboxEvent.id, NoticeDelivery.id >= newest_delivery),
    )
    notices = deliveries = 0
    while True:
        # Oldest first: they have the lowest ids, so the scan finds them at once.
        ids = list(session.scalars(select(OutboxEvent.id).where(old).order_by(OutboxEvent.id).limit(batch)))
        if not ids:
            break
        deliveries += session.execute(delete(NoticeDelivery).where(NoticeDelivery.outbox_id.in_(ids))).rowcount or 0
        notices += session.execute(delete(OutboxEvent).where(OutboxEvent.id.in_(ids))).rowcount or 0
        session.commit()
        if len(ids) < batch:
            break
    return PrunedNotices(notices, deliveries)
