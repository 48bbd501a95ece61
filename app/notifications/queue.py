"""The task queue that sends notices: Huey, on SQLite for `make run` (a file beside the database,
no server) and on Redis in production, with as many workers as wanted.

Why Huey: it has the embedded storage `make run` needs and the Redis one production has, periodic
tasks, delayed retries and a small footprint. Procrastinate would let a task be enqueued in the
very transaction of the change, but only on PostgreSQL; Celery, RQ and Dramatiq have no embedded
storage. The outbox (app/notifications/outbox.py) gives the transactional guarantee instead: a
task only ever says "look at outbox row N" and every task is safe to run twice.

TASK_QUEUE_URL: `sqlite:///path`, `redis://host:port/db`, or `memory://` (tests: tasks are kept
in the process and run only when a test says so)."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app
from huey import Huey, crontab
from huey.exceptions import RetryTask
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis import ConnectionPool
from sqlalchemy import or_, select

from app import db
from app.models.base import utcnow
from app.models.notice import NoticeDelivery, OutboxEvent
from app.notifications import outbox
from app.notifications.contacts import RegisterUnavailable
from app.notifications.dispatch import dispatch
from app.notifications.reminders import write_reminders
from app.notifications.sending import TryAgain, claim_timeout, send

log = logging.getLogger(__name__)

huey = Huey("minplan", storage_class=MemoryStorage, utc=True, results=False)
_app: Flask | None = None
SWEEP_BATCH = 500
# A Redis that takes connections but never answers must not hold a request (the hand-over after a
# commit, /readyz) without end; the worker's blocking pop waits 1 s, well inside the read timeout.
REDIS_CONNECT_TIMEOUT_SECONDS = 2
REDIS_READ_TIMEOUT_SECONDS = 5


def storage_for(url: str):
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return SqliteStorage("minplan", filename=parts.path if parts.netloc == "" else "/" + parts.netloc + parts.path)
    if parts.scheme in ("redis", "rediss"):
        pool = ConnectionPool.from_url(
            url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS, socket_timeout=REDIS_READ_TIMEOUT_SECONDS
        )
        return RedisStorage("minplan", connection_pool=pool)
    if parts.scheme == "memory":
        return MemoryStorage("minplan")
    raise ValueError(f"TASK_QUEUE_URL: unknown scheme {parts.scheme!r}")


def init_app(app: Flask) -> None:
    """Points the queue at the app's storage and lets the outbox hand over committed events."""
    global _app
    _app = app
    huey.storage = storage_for(app.config["TASK_QUEUE_URL"])
    outbox.on_commit = _enqueue_dispatch


def _enqueue_dispatch(ids: list[int]) -> None:
    for outbox_id in ids:
        dispatch_task(outbox_id)


def _in_app(function, *args):
    with _app.app_context():
        session = db.new_session()
        try:
            return function(session, *args)
        finally:
            session.close()


@huey.task()
def dispatch_task(outbox_id: int) -> None:
    try:
        delivery_ids = _in_app(dispatch, outbox_id)
    except RegisterUnavailable as unavailable:
        log.warning("outbox %s: contact register unavailable, trying again: %s", outbox_id, unavailable)
        raise RetryTask(delay=60) from unavailable
    for delivery_id in delivery_ids:
        send_task(delivery_id)


@huey.task()
def send_task(delivery_id: int) -> None:
    try:
        _in_app(send, delivery_id)
    except TryAgain as again:
        raise RetryTask(delay=again.delay) from again


def _sweep(session) -> tuple[list[int], list[int]]:
    """Outbox rows left undispatched and deliveries left queued or with a dead worker's claim."""
    now = utcnow()
    # An outbox row the commit hook did not hand over is found by the sweep after this long.
    after = timedelta(seconds=current_app.config["NOTICE_SWEEP_AFTER_SECONDS"])
    undispatched = session.scalars(
        select(OutboxEvent.id)
        .where(OutboxEvent.dispatched_at.is_(None), OutboxEvent.occurred_at < now - after)
        .order_by(OutboxEvent.id)
        .limit(SWEEP_BATCH)
    )
    stuck = session.scalars(
        select(NoticeDelivery.id)
        .where(
            or_(
                (NoticeDelivery.status == "queued")
                & (NoticeDelivery.attempts == 0)
                & (NoticeDelivery.created_at < now - after),
                # Waiting for a retry whose task was lost with a worker that died: long after
                # the longest wait it would have had.
                (NoticeDelivery.status == "queued")
                & (NoticeDelivery.attempts > 0)
                & (NoticeDelivery.claimed_at < now - 2 * claim_timeout()),
                (NoticeDelivery.status == "sending") & (NoticeDelivery.claimed_at < now - claim_timeout()),
            ),
        )
        .order_by(NoticeDelivery.id)
        .limit(SWEEP_BATCH)
    )
    return list(undispatched), list(stuck)


@huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    undispatched, stuck = _in_app(_sweep)
    for outbox_id in undispatched:
        dispatch_task(outbox_id)
    for delivery_id in stuck:
        send_task(delivery_id)


@huey.periodic_task(crontab(minute="15", hour="6"))
def daily_reminders() -> None:
    _in_app(write_reminders)
