"""The housekeeping the task queue runs on its own: ended sessions every quarter of an hour,
finished notices every night (app/services/retention.py says what goes and what stays), and the
audit log's partitions for the coming months on PostgreSQL (app/services/audit_partitions.py). The
same work runs by hand as `flask --app app maintenance sessions|notices|audit-partitions`.

Huey runs a periodic task in one worker at a time only when one worker runs the periodic tasks
(`--no-periodic` on the others, README); both are safe to run twice anyway: a row deleted twice is
deleted once."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app
from huey import crontab
from sqlalchemy.orm import Session

from app import db
from app.models.base import utcnow
from app.notifications.queue import huey
from app.services import audit_partitions, retention
from app.sessions import CITIZEN, STAFF

log = logging.getLogger(__name__)

# The app a worker's periodic task runs in (set when the app is made: app/cli.py).
_app: Flask | None = None


def init_app(app: Flask) -> None:
    global _app
    _app = app


def _in_app(work):
    with _app.app_context():
        session = db.new_session()
        try:
            return work(session)
        finally:
            session.close()


def purge_sessions(session: Session) -> int:
    config = current_app.config
    lifetimes = [
        retention.Lifetimes(
            CITIZEN,
            timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            timedelta(minutes=config["SESSION_ABSOLUTE_MINUTES"]),
        ),
        retention.Lifetimes(
            STAFF,
            timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"]),
            timedelta(minutes=config["STAFF_SESSION_ABSOLUTE_MINUTES"]),
        ),
    ]
    grace = timedelta(minutes=config["SESSION_PURGE_GRACE_MINUTES"])
    return retention.purge_sessions(session, lifetimes, grace, config["MAINTENANCE_BATCH_ROWS"])


def prune_notices(session: Session) -> retention.PrunedNotices:
    config = current_app.config
    keep = timedelta(days=config["NOTICE_RETENTION_DAYS"])
    return retention.prune_notices(session, keep, config["MAINTENANCE_BATCH_ROWS"])


@huey.periodic_task(crontab(minute="*/15"))
def purge_sessions_task() -> None:
    _in_app(purge_sessions)


# At night (UTC, as the queue keeps time), when nobody waits for the tables.
@huey.periodic_task(crontab(minute="40", hour="2"))
def prune_notices_task() -> None:
    _in_app(prune_notices)


def make_audit_partitions(session: Session) -> list[str]:
    """This month's and the next months' partitions of the audit log that were missing; none on SQLite."""
    return audit_partitions.make_months_ahead(session, utcnow().date())


# Daily, though a month is needed only monthly: a day that fails leaves the rest of the month to retry.
@huey.periodic_task(crontab(minute="50", hour="2"))
def audit_partitions_task() -> None:
    try:
        made = _in_app(make_audit_partitions)
    except audit_partitions.CannotCreate as refused:
        # Expected where the worker runs as the app's own role: only the owner may make them.
        log.error(
            "the audit log lacks a partition for the coming months; run `flask --app app maintenance "
            "audit-partitions` as the tables' owner: %s",
            refused,
            extra={"event": "maintenance.audit_partitions_missing"},
        )
        return
    if made:
        log.info("audit log partitions made: %s", ", ".join(made), extra={"event": "maintenance.audit_partitions"})
