"""Two Min plan servers (separate gunicorn processes, as behind a municipality's load balancer) on
one PostgreSQL database and one Redis: what a person does through one holds in the other. A login
through A is honoured by B, ID-porten's front-channel logout sent to A ends the session in B, and
the login limit is counted once for both.

Two notice workers on one Redis queue sending a notice once: tests/notifications/test_two_workers.py.
Only on PostgreSQL: SQLite is not meant for several processes."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import pytest
import redis
import requests

from tests.auth.visitor import Visitor
from tests.concurrency.conftest import demo_database
from tests.concurrency.forms import one
from tests.concurrency.server import RealServer
from tests.conftest import TEST_CLIENT_ID, TEST_CLIENT_SECRET
from tests.people import KARI, OLA

# A Redis database no other test uses; only this one is ever flushed.
REDIS_URL = "redis://127.0.0.1:6379/11"
LIMIT = 6  # login attempts an hour; the window starts at the first attempt, not on the clock


@pytest.fixture(scope="module")
def servers(database_url, idp, tmp_path_factory):
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes on one database need PostgreSQL")
    redis.Redis.from_url(REDIS_URL).flushdb()
    tmp = tmp_path_factory.mktemp("two_processes")
    config = {
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": f"{LIMIT} per hour",
        "RATELIMIT_KEY_PREFIX": f"minplan-two-{uuid.uuid4().hex}",
    }
    started: list[RealServer] = []
    with demo_database(tmp) as url:
        try:
            for name in ("a", "b"):
                server = RealServer(
                    url,
                    idp,
                    TEST_CLIENT_ID,
                    TEST_CLIENT_SECRET,
                    tmp / f"gunicorn-{name}.log",
                    env={"REDIS_URL": REDIS_URL},
                    config=config,
                )
                started.append(server)
                idp.clients[TEST_CLIENT_ID].add_base_url(server.url)
            yield started
            for server in started:
                assert server.server_errors() == [], server.log_path
        finally:
            for server in started:
                server.stop()
            redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def no_login_attempts_yet():
    """The login limit's count from zero, and zero again after: the other tests log in too."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


def _with_cookie_of(visitor: Visitor, server: RealServer) -> Visitor:
    """Another browser talking to `server`, holding only the visitor's session cookie."""
    other = Visitor(server.url, server.idp.issuer)
    other.http.cookies.set("minplan_session", visitor.cookie())
    return other


def test_a_login_through_one_process_is_honoured_by_the_other(servers, no_login_attempts_yet):
    a, b = servers
    kari = a.visitor(KARI)
    on_b = _with_cookie_of(kari, b)
    page = on_b.get("/min-side")
    assert page.status_code == 200, page.headers.get("Location")
    assert "Kari" in page.text
    assert Visitor(b.url, b.idp.issuer).get("/min-side").status_code == 303  # without the cookie: to the login


def test_front_channel_logout_sent_to_one_process_ends_the_session_in_the_other(servers, no_login_attempts_yet):
    a, b = servers
    ola = a.visitor(OLA)
    on_b = _with_cookie_of(ola, b)
    assert on_b.get("/min-side").status_code == 200
    sid = one(
        a,
        "SELECT s.idp_sid FROM browser_session s JOIN person p ON p.id = s.person_id "
        "WHERE p.pid = :pid AND s.revoked_at IS NULL",
        pid=OLA,
    )
    # ID-porten's call carries no cookie: only the issuer and its session id.
    response = requests.get(f"{a.url}/logg-ut/frontkanal?{urlencode({'iss': a.idp.issuer, 'sid': sid})}", timeout=30)
    assert response.status_code == 200
    assert on_b.get("/min-side").status_code == 303
    assert ola.get("/min-side").status_code == 303


def test_the_login_limit_is_counted_once_for_both_processes(servers, no_login_attempts_yet):
    a, b = servers
    half = LIMIT // 2
    through_a = [requests.get(f"{a.url}/logg-inn", allow_redirects=False, timeout=30) for _ in range(half)]
    through_b = [requests.get(f"{b.url}/logg-inn", allow_redirects=False, timeout=30) for _ in range(LIMIT - half)]
    assert [r.status_code for r in through_a + through_b] == [303] * LIMIT
    # Each process has seen only half the limit: only a shared count refuses the next attempt.
    for server in (a, b):
        refused = requests.get(f"{server.url}/logg-inn", allow_redirects=False, timeout=30)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 60  # the hour's window, not a minute's
