"""The notices through the real queue: worker processes on a Huey queue file, the test database,
an SMTP server and an SMS gateway over the network. A change that commits is sent once, even when
the server refuses twice first, when the process that committed died before asking the queue, and
when the worker dies in the middle of sending an SMS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.domain.events import EventName
from app.models import NoticeDelivery, OutboxEvent
from app.models.base import utcnow
from app.notifications import outbox as outbox_module
from app.notifications import queue as notice_queue
from app.services import plan_changes
from devstandins import sms, smtp
from devstandins.store import Store
from tests.conftest import WRITES, make_app, serve_in_thread
from tests.notifications.conftest import coordinator_for, free_port, in_app, plan_of
from tests.people import KARI

ROOT = Path(__file__).resolve().parents[2]
KARI_EMAIL = "kari.nordmann@example.no"


@pytest.fixture
def post(tmp_path, standins, notice_app):
    """An SMTP server and an SMS gateway that each refuse the first two messages; and the outbox as if
    everything before the test was sent, so the workers' sweep finds only the test's own event."""

    def all_dispatched(session):
        session.execute(update(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None)).values(dispatched_at=utcnow()))
        session.commit()

    in_app(notice_app, all_dispatched)
    store = Store(tmp_path / "post.sqlite3")
    port = free_port()
    mail = smtp.controller(store, "127.0.0.1", port, fail_first=2)
    mail.start()
    gateway = serve_in_thread(sms.create_app(store, fail_first=2))
    yield {"store": store, "SMTP_PORT": port, "SMS_GATEWAY_URL": f"http://127.0.0.1:{gateway.server_port}"}
    mail.stop()
    gateway.shutdown()
    WRITES.tables |= {"outbox_event", "notice_delivery"}  # written by the workers, not this process
    # The apps made here pointed the process's queue at their file: later tests enqueue in memory.
    notice_queue.huey.storage = notice_queue.storage_for("memory://")


def _environment(database_url: str, queue: Path, standins: dict, post: dict, **more) -> dict:
    return {
        **os.environ,
        "MINPLAN_ENV": "test",
        "SECRET_KEY": "worker-test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "TASK_QUEUE_URL": f"sqlite:///{queue}",
        "KRR_URL": standins["KRR_URL"],
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(post["SMTP_PORT"]),
        "SMS_GATEWAY_URL": post["SMS_GATEWAY_URL"],
        "PUBLIC_URL": "https://minplan.example.no",
        "NOTICE_RETRY_BASE_SECONDS": "1",
        "NOTICE_SWEEP_AFTER_SECONDS": "0",
        **more,
    }


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app.notifications.worker", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _commit_event(app, name: EventName) -> int:
    def act(session):
        plan = plan_of(session, KARI)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, name, None, {})
        session.commit()
        return session.scalar(select(OutboxEvent.id).order_by(OutboxEvent.id.desc()).limit(1))

    return in_app(app, act)


def _deliveries(app, outbox_id: int) -> dict[str, NoticeDelivery]:
    def read(session):
        rows = session.scalars(
            select(NoticeDelivery).where(NoticeDelivery.outbox_id == outbox_id, NoticeDelivery.person_id.is_not(None))
        )
        return {f"{d.recipient}/{d.channel}": d for d in rows}

    return in_app(app, read)


def _wait_until_sent(app, outbox_id: int, seconds: float = 40) -> dict[str, NoticeDelivery]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _deliveries(app, outbox_id)
        sendable = [d for d in found.values() if d.channel != "none"]
        if sendable and all(d.status == "sent" for d in sendable):
            return found
        time.sleep(0.3)
    raise AssertionError(f"not sent in {seconds} s: {[(k, d.status) for k, d in _deliveries(app, outbox_id).items()]}")


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_notice_refused_twice_by_the_smtp_server_and_the_sms_gateway_is_sent_once_with_backoff(
    database_url, tmp_path, standins, post
):
    queue = tmp_path / "tasks.sqlite3"
    env = _environment(database_url, queue, standins, post)
    app = make_app(database_url, TASK_QUEUE_URL=f"sqlite:///{queue}", KRR_URL=standins["KRR_URL"])
    outbox_id = _commit_event(app, EventName.MEETING_CALLED)  # enqueued at commit, in the queue file
    worker = _worker(env)
    try:
        sent = _wait_until_sent(app, outbox_id)
    finally:
        _stop(worker)
    email = next(d for d in sent.values() if d.channel == "email")
    assert email.attempts == 3 and email.status == "sent"
    mails = [m for m in post["store"].mails() if f"notice-{email.id}@" in m.message_id]
    assert len(mails) == 1 and KARI_EMAIL in mails[0].rcpt_to
    sms_delivery = next(d for d in sent.values() if d.channel == "sms")
    assert sms_delivery.attempts == 3 and sms_delivery.status == "sent"
    assert len([s for s in post["store"].sms() if s.ref_id == f"minplan-{sms_delivery.id}"]) == 1


def test_a_change_whose_process_died_before_asking_the_queue_is_still_sent_once(
    database_url, tmp_path, standins, post, monkeypatch
):
    queue = tmp_path / "tasks.sqlite3"
    app = make_app(database_url, TASK_QUEUE_URL=f"sqlite:///{queue}", KRR_URL=standins["KRR_URL"])
    monkeypatch.setattr(outbox_module, "on_commit", None)  # as if the process died right after the commit
    outbox_id = _commit_event(app, EventName.MEETING_MOVED)
    assert in_app(app, lambda s: s.get(OutboxEvent, outbox_id).dispatched_at) is None
    worker = _worker(_environment(database_url, queue, standins, post))
    try:
        sent = _wait_until_sent(app, outbox_id)
    finally:
        _stop(worker)
    sms_delivery = next(d for d in sent.values() if d.channel == "sms")
    assert len([s for s in post["store"].sms() if s.ref_id == f"minplan-{sms_delivery.id}"]) == 1


def test_a_worker_killed_while_sending_an_sms_leaves_it_to_another_and_the_sms_goes_once(
    database_url, tmp_path, standins, post
):
    store = Store(tmp_path / "slow.sqlite3")
    slow = serve_in_thread(sms.create_app(store, delay=3.0))
    post = {**post, "SMS_GATEWAY_URL": f"http://127.0.0.1:{slow.server_port}"}
    queue = tmp_path / "tasks.sqlite3"
    env = _environment(database_url, queue, standins, post, NOTICE_CLAIM_TIMEOUT_SECONDS="1")
    app = make_app(database_url, TASK_QUEUE_URL=f"sqlite:///{queue}", KRR_URL=standins["KRR_URL"])
    outbox_id = _commit_event(app, EventName.MINUTES_WRITTEN)
    first = _worker(env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = _deliveries(app, outbox_id)
        if any(d.channel == "sms" and d.status == "sending" for d in found.values()):
            break
        time.sleep(0.1)
    first.kill()  # in the middle of the gateway's slow answer
    first.wait()
    assert any(d.channel == "sms" and d.status == "sending" for d in _deliveries(app, outbox_id).values())
    time.sleep(3.5)  # the gateway has stored the SMS the dead worker sent; its claim has timed out
    second = _worker(env)
    try:
        sent = _wait_until_sent(app, outbox_id)
    finally:
        _stop(second)
        slow.shutdown()
    sms_delivery = next(d for d in sent.values() if d.channel == "sms")
    assert sms_delivery.attempts == 2
    assert len([s for s in store.sms() if s.ref_id == f"minplan-{sms_delivery.id}"]) == 1
