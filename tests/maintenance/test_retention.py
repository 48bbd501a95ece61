"""Retention: what the task queue deletes on its own, and what it must leave.

Sessions that ended go a grace period after they ended, never while they live or are still needed
to keep a form for its person; finished notices go after the retention period, never one still
queued or being sent, nor one the KE's page of failed notices still shows."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from app import db, maintenance
from app.config import MINIMUM_NOTICE_RETENTION_DAYS, load_config
from app.domain.notice_topics import ENDING_NOTICE_DAYS
from app.models import BrowserSession, NoticeDelivery, OutboxEvent, Person
from app.models.base import utcnow
from app.notifications.queue import huey
from app.services import failed_notices, retention
from app.sessions import CITIZEN, STAFF
from app.settings_parsing import ConfigError
from tests.auth.sessions import log_in_test_client
from tests.conftest import PageClient
from tests.people import KARI
from tests.staff.sessions import ASKOY_OFFICER, log_in_staff

DAY = timedelta(days=1)
LIFETIMES = [
    retention.Lifetimes(CITIZEN, timedelta(minutes=30), timedelta(minutes=120)),
    retention.Lifetimes(STAFF, timedelta(minutes=60), timedelta(minutes=600)),
]
GRACE = timedelta(hours=24)


def _session_row(s, realm: str = CITIZEN, seen: timedelta = timedelta(0), made: timedelta | None = None, **more) -> int:
    now = utcnow()
    row = BrowserSession(
        token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        data={},
        created_at=now - (made or seen),
        last_seen_at=now - seen,
        realm=realm,
        **more,
    )
    s.add(row)
    s.flush()
    return row.id


@contextlib.contextmanager
def _deletes(app):
    """The number of rows each DELETE statement removed while the block ran."""
    removed: list[int] = []

    def note(_conn, cursor, statement, *_args):
        if statement.lstrip().upper().startswith("DELETE"):
            removed.append(cursor.rowcount)

    engine = app.extensions["db_engine"]
    event.listen(engine, "after_cursor_execute", note)
    try:
        yield removed
    finally:
        event.remove(engine, "after_cursor_execute", note)


def _existing(s, model, ids) -> set[int]:
    return set(s.scalars(select(model.id).where(model.id.in_(ids))))


def test_ended_sessions_go_after_the_grace_period_in_bounded_batches_and_the_rest_stay(app):
    with app.app_context(), db.new_session() as s:
        gone = [
            _session_row(s, seen=timedelta(minutes=30) + GRACE + timedelta(minutes=5)),  # idle long ago
            _session_row(s, seen=timedelta(minutes=1), made=timedelta(minutes=120) + GRACE + DAY),  # absolute
            _session_row(s, realm=STAFF, seen=timedelta(minutes=60) + GRACE + timedelta(minutes=1)),
            _session_row(s, revoked_at=utcnow() - GRACE - timedelta(minutes=1)),
            _session_row(s, seen=timedelta(days=40)),
        ]
        kept = [
            _session_row(s, seen=timedelta(minutes=5)),  # alive
            _session_row(s, seen=timedelta(minutes=45)),  # ended, within the grace: a form may still be kept
            _session_row(s, realm=STAFF, seen=timedelta(minutes=50)),  # a staff member's pause, not a citizen's
            _session_row(s, revoked_at=utcnow() - timedelta(minutes=10)),
        ]
        s.commit()
        with _deletes(app) as removed:
            assert retention.purge_sessions(s, LIFETIMES, GRACE, batch=2) == len(gone)
        assert removed and max(removed) <= 2  # never more than a batch in one statement
        assert _existing(s, BrowserSession, gone) == set()
        assert _existing(s, BrowserSession, kept) == set(kept)


def test_the_maintenance_command_purges_ended_sessions_and_the_logged_in_person_stays_logged_in(app, client):
    log_in_test_client(app, client, KARI)
    assert client.get("/min-side").status_code == 200
    with app.app_context(), db.new_session() as s:
        old = _session_row(s, seen=timedelta(days=3))
        s.commit()
    result = app.test_cli_runner().invoke(args=["maintenance", "sessions"])
    assert result.exit_code == 0, result.output
    assert "removed 1 ended sessions" in result.output
    with app.app_context(), db.new_session() as s:
        assert _existing(s, BrowserSession, [old]) == set()
    assert client.get("/min-side").status_code == 200  # not sent to log in


def _notice(s, age: timedelta, statuses: list[str], dispatched: bool = True, delivered_age: timedelta | None = None):
    """An outbox row `age` old and one delivery per status, to Kari about herself; their ids."""
    kari = s.scalar(select(Person.id).where(Person.pid == KARI))
    when = utcnow() - age
    outbox = OutboxEvent(
        occurred_at=when,
        name="reminder.consent_ending",
        source="reminder",
        subject_id=kari,
        key=f"retention-test:{secrets.token_hex(8)}",
        dispatched_at=when if dispatched else None,
    )
    s.add(outbox)
    s.flush()
    deliveries = []
    for number, status in enumerate(statuses):
        delivery = NoticeDelivery(
            outbox_id=outbox.id,
            recipient=f"person:{kari}:{number}",
            person_id=kari,
            channel="email",
            topic="consent",
            locale="nb",
            status=status,
            attempts=6 if status == "failed" else 1,
            last_error="550" if status == "failed" else None,
            created_at=utcnow() - (delivered_age or age),
        )
        s.add(delivery)
        s.flush()
        deliveries.append(delivery.id)
    return outbox.id, deliveries


def test_finished_notices_past_retention_go_with_their_deliveries_and_nothing_in_flight_does(app):
    keep = timedelta(days=90)
    with app.app_context(), db.new_session() as s:
        old = [
            _notice(s, timedelta(days=200), ["sent", "sent"]),
            _notice(s, timedelta(days=100), ["failed", "unreachable"]),
            _notice(s, timedelta(days=95), []),  # nobody to tell
            _notice(s, timedelta(days=120), ["sent"]),
        ]
        in_flight = [
            _notice(s, timedelta(days=100), ["sent", "queued"]),  # a retry still to come
            _notice(s, timedelta(days=100), ["sending"]),  # a worker has it now
            _notice(s, timedelta(days=100), [], dispatched=False),  # never handed to a worker yet
            _notice(s, timedelta(days=100), ["failed"], delivered_age=timedelta(days=10)),  # dispatched late
        ]
        young = [_notice(s, timedelta(days=60), ["sent"]), _notice(s, timedelta(days=1), ["failed"])]
        s.commit()
        with _deletes(app) as removed:
            pruned = retention.prune_notices(s, keep, batch=2)
        assert pruned == retention.PrunedNotices(notices=4, deliveries=5)
        assert max(removed) <= 2 * 2  # two notices' deliveries at most: bounded by the batch
        for outbox_id, deliveries in old:
            assert _existing(s, OutboxEvent, [outbox_id]) == set()
            assert _existing(s, NoticeDelivery, deliveries) == set()
        for outbox_id, deliveries in in_flight + young:
            assert _existing(s, OutboxEvent, [outbox_id]) == {outbox_id}
            assert _existing(s, NoticeDelivery, deliveries) == set(deliveries)


def test_the_newest_notice_stays_however_old_so_no_id_is_handed_out_again(app):
    """A delivery's id is the SMS gateway's reference: on SQLite a deleted highest id comes back."""
    with app.app_context(), db.new_session() as s:
        newest_before = s.scalar(select(func.max(OutboxEvent.id))) or 0
        older, _ = _notice(s, timedelta(days=300), ["sent"])
        newest, deliveries = _notice(s, timedelta(days=200), ["sent"])
        s.commit()
        retention.prune_notices(s, timedelta(days=90), batch=100)
        assert _existing(s, OutboxEvent, [older, newest]) == {newest}
        assert _existing(s, NoticeDelivery, deliveries) == set(deliveries)
        assert newest > newest_before


def test_a_notice_the_ke_still_sees_as_failed_survives_the_shortest_retention(app):
    with app.app_context(), db.new_session() as s:
        failed, _ = _notice(s, timedelta(days=29), ["failed"])
        _notice(s, timedelta(days=1), ["sent"])  # newer, so the failed one is not kept only for being newest
        s.commit()
        retention.prune_notices(s, retention.MINIMUM_NOTICE_RETENTION, batch=100)
        assert _existing(s, OutboxEvent, [failed]) == {failed}
    page = PageClient(app.test_client(), app)
    log_in_staff(app, page, ASKOY_OFFICER)
    main = page.get("/ansatt/varsler-som-ikke-kom-fram").get_data(as_text=True)
    assert "Kari Nordmann" in main


def test_the_retention_is_never_shorter_than_what_still_reads_the_notices(tmp_path):
    assert retention.MINIMUM_NOTICE_RETENTION.days == MINIMUM_NOTICE_RETENTION_DAYS
    assert retention.MINIMUM_NOTICE_RETENTION > failed_notices.RECENT
    assert retention.MINIMUM_NOTICE_RETENTION > timedelta(days=ENDING_NOTICE_DAYS)
    with pytest.raises(ValueError):
        retention.prune_notices(None, timedelta(days=30), batch=10)
    with pytest.raises(ConfigError, match="NOTICE_RETENTION_DAYS"):
        load_config(tmp_path, {"MINPLAN_ENV": "test", "SECRET_KEY": "k" * 40, "NOTICE_RETENTION_DAYS": "30"})


def test_the_worker_runs_them_on_its_own_sessions_each_quarter_hour_notices_and_partitions_each_night(app):
    at = datetime(2026, 12, 2, 2, 40)  # the queue keeps UTC
    assert "prune_notices_task" in {t.name for t in huey.read_periodic(at)}
    assert "audit_partitions_task" in {t.name for t in huey.read_periodic(at + timedelta(minutes=10))}
    quarter = {t.name for t in huey.read_periodic(at + timedelta(minutes=5))}
    assert "purge_sessions_task" in quarter and "prune_notices_task" not in quarter
    maintenance.init_app(app)
    with app.app_context(), db.new_session() as s:
        old, deliveries = _notice(s, timedelta(days=app.config["NOTICE_RETENTION_DAYS"] + 1), ["sent"])
        _notice(s, timedelta(days=1), ["sent"])
        ended = _session_row(s, seen=timedelta(days=2))
        s.commit()
    maintenance.prune_notices_task.call_local()
    maintenance.purge_sessions_task.call_local()
    with app.app_context(), db.new_session() as s:
        assert _existing(s, OutboxEvent, [old]) == set() and _existing(s, NoticeDelivery, deliveries) == set()
        assert _existing(s, BrowserSession, [ended]) == set()
