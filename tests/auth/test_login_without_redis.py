"""Logging in while Redis, where the login limits are counted, is down: people still get in,
the limits still hold (in each process's memory), one warning is logged, and the counting goes
back to Redis when it answers again."""

from __future__ import annotations

import logging
import time
import uuid

import pytest

from tests.auth.conftest import EventLog
from tests.auth.switchable_proxy import SwitchableProxy, free_port
from tests.conftest import idp_config, make_app

REDIS = ("127.0.0.1", 6379)
FALLBACK_WARNING = "Rate limit storage unreachable - falling back to in-memory storage"
RECOVERED = "Rate limit storage recovered"


def _limited_app(database_url, idp, redis_url: str, prefix: str):
    # A key prefix of its own, so counts from other tests and other people's apps on the same
    # Redis never mix with this test's.
    return make_app(
        database_url, RATELIMIT_ENABLED=True, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=prefix, **idp_config(idp)
    )


def _limiter_messages(events, level: str) -> list[str]:
    return [r.getMessage() for r in events.records if r.levelname == level]


@pytest.fixture
def events():
    """Flask-Limiter's own log lines, caught on its logger: each new app resets the root's handlers."""
    handler, logger = EventLog(), logging.getLogger("flask-limiter")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def prefix() -> str:
    return f"minplan-test-{uuid.uuid4().hex}"


def test_login_works_and_is_still_limited_while_redis_is_unreachable(database_url, idp, prefix, events):
    app = _limited_app(database_url, idp, f"redis://127.0.0.1:{free_port()}/0", prefix)
    browser = app.test_client()
    statuses = [browser.get("/logg-inn").status_code for _ in range(21)]
    assert statuses == [303] * 20 + [429]
    assert _limiter_messages(events, "WARNING") == [FALLBACK_WARNING]
    assert _limiter_messages(events, "ERROR") == []


def test_the_limit_is_counted_in_redis_for_every_process(database_url, idp, prefix):
    first = _limited_app(database_url, idp, "redis://127.0.0.1:6379/0", prefix).test_client()
    second = _limited_app(database_url, idp, "redis://127.0.0.1:6379/0", prefix).test_client()
    assert [first.get("/logg-inn").status_code for _ in range(10)] == [303] * 10
    assert [second.get("/logg-inn").status_code for _ in range(10)] == [303] * 10
    assert first.get("/logg-inn").status_code == 429
    assert second.get("/logg-inn").status_code == 429


def test_counting_goes_back_to_redis_when_it_answers_again(database_url, idp, prefix, events):
    proxy = SwitchableProxy(REDIS)  # not listening yet: Redis is down when the app starts
    app = _limited_app(database_url, idp, proxy.url, prefix).test_client()
    direct = _limited_app(database_url, idp, "redis://127.0.0.1:6379/0", prefix).test_client()
    try:
        assert [app.get("/logg-inn").status_code for _ in range(3)] == [303] * 3
        assert _limiter_messages(events, "WARNING") == [FALLBACK_WARNING]
        proxy.up()
        # Flask-Limiter asks Redis again after a pause that doubles each time (1 s, 2 s, 4 s…).
        deadline = time.time() + 10
        while RECOVERED not in _limiter_messages(events, "INFO"):
            assert time.time() < deadline, "the limiter never went back to Redis"
            assert app.get("/logg-inn").status_code == 303
            time.sleep(0.3)
        assert [app.get("/logg-inn").status_code for _ in range(2)] == [303] * 2
        # The recovering request and the two after it were counted in Redis, where another
        # process sees them: this request is the fourth of the minute there.
        assert direct.get("/logg-inn").headers["X-RateLimit-Remaining"] == "16"
        assert _limiter_messages(events, "WARNING") == [FALLBACK_WARNING]
    finally:
        proxy.down()
