"""Two notice workers (separate processes, as a municipality runs them) on one Redis task queue and
one PostgreSQL database: a change is sent once, by mail and by SMS, even though it is queued twice
(the commit's hand-over and a sweep), both workers take tasks from the same queue, and the servers
refuse twice first.
Only on PostgreSQL: SQLite is not meant for several processes."""

from __future__ import annotations

import time

import pytest
import redis

from app.domain.events import EventName
from app.notifications import queue as notice_queue
from tests.conftest import make_app
from tests.notifications.test_worker import (  # noqa: F401 - `post` is a fixture
    _commit_event,
    _environment,
    _stop,
    _wait_until_sent,
    _worker,
    post,
)

# A Redis database no other test uses; only this one is ever flushed.
QUEUE_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def empty_queue(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("several worker processes on one database need PostgreSQL")
    redis.Redis.from_url(QUEUE_URL).flushdb()
    yield
    redis.Redis.from_url(QUEUE_URL).flushdb()


def _until_the_queue_is_empty(seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while notice_queue.huey.pending_count():
        assert time.monotonic() < deadline, "the workers left tasks in the queue"
        time.sleep(0.3)


def test_two_workers_on_one_redis_queue_send_a_notice_once(
    database_url,
    tmp_path,
    standins,
    post,  # noqa: F811
    empty_queue,
):
    env = _environment(database_url, tmp_path / "unused.sqlite3", standins, post, TASK_QUEUE_URL=QUEUE_URL)
    workers = [_worker(env), _worker(env)]
    try:
        app = make_app(database_url, TASK_QUEUE_URL=QUEUE_URL, KRR_URL=standins["KRR_URL"])
        outbox_id = _commit_event(app, EventName.MEETING_CALLED)  # handed to the Redis queue at commit
        notice_queue.dispatch_task(outbox_id)  # and again, as a sweep racing the commit's hand-over would
        sent = _wait_until_sent(app, outbox_id, seconds=90)
        _until_the_queue_is_empty()
    finally:
        for worker in workers:
            _stop(worker)  # lets a task in hand finish: whatever either would still send is sent
    assert all(worker.returncode is not None for worker in workers)
    email = next(d for d in sent.values() if d.channel == "email")
    assert len([m for m in post["store"].mails() if f"notice-{email.id}@" in m.message_id]) == 1
    sms_delivery = next(d for d in sent.values() if d.channel == "sms")
    assert len([s for s in post["store"].sms() if s.ref_id == f"minplan-{sms_delivery.id}"]) == 1
