"""The operations surface as an attacker tries it: the client address the login limits count (the
forwarded one only, an IPv6 /64 as one client, the staff login too), the host header (any case, a
forged one refused), the API's limits with Redis gone, the probes and the metrics (nothing said,
no id in a label), and the port compose publishes (only where the TLS proxy is)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import db
from app.models.browser_session import BrowserSession
from tests.api.conftest import api_config, maskinporten  # noqa: F401
from tests.conftest import UNREACHABLE_REDIS, idp_config, make_app, staff_idp_config

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("task_queue_kept")


def test_compose_does_not_publish_the_proxy_trusting_port_on_every_interface():
    """The app trusts one X-Forwarded-For hop (PROXY_FIX=1): a client that reached its port directly
    would choose its own address, and a fresh login limit with each one. Docker's published ports
    pass the host's firewall, so the port is published on the loopback only."""
    env_example = (ROOT / "minplan.env.example").read_text()
    compose = (ROOT / "compose.yaml").read_text()
    assert "PROXY_FIX=1" in env_example
    assert '"8000:8000"' not in compose
    assert '"127.0.0.1:8000:8000"' in compose


def test_forwarded_and_x_real_ip_are_ignored(database_url, idp):
    """Only X-Forwarded-For (through ProxyFix) decides the address."""
    app = make_app(
        database_url, RATELIMIT_ENABLED=True, PROXY_FIX=True, LOGIN_RATE_LIMIT="3 per minute", **idp_config(idp)
    )
    client = app.test_client()
    statuses = []
    for i in range(5):
        headers = {"Forwarded": f"for=198.51.100.{i}", "X-Real-IP": f"198.51.100.{i}", "X-Forwarded-For": "192.0.2.1"}
        statuses.append(client.get("/logg-inn", headers=headers).status_code)
    assert statuses[3:] == [429, 429]


def test_host_header_and_path_case_do_not_reset_the_limit(database_url, idp):
    """The key is the address and the endpoint; /LOGG-INN does not route; the Host does not matter."""
    app = make_app(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", **idp_config(idp))
    client = app.test_client()
    statuses = [
        client.get("/logg-inn", headers={"Host": h}).status_code
        for h in ("localhost", "127.0.0.1", "localhost:81", "127.0.0.1:5000")
    ]
    assert statuses[3] == 429
    assert client.get("/LOGG-INN").status_code == 404
    assert client.get("/logg-inn/").status_code in (404, 429)


def test_addresses_of_one_ipv6_64_share_the_login_limit(database_url, idp):
    app = make_app(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", **idp_config(idp))
    client = app.test_client()
    statuses = [
        client.get("/logg-inn", environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{i:x}"}).status_code for i in range(1, 11)
    ]
    assert statuses[3:] == [429] * 7, statuses  # one home connection: one client
    other_home = client.get("/logg-inn", environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"}).status_code
    assert other_home != 429


def test_the_staff_login_door_is_rate_limited_too(database_url, app, idp, staff_idp):
    limited = make_app(
        database_url,
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="3 per minute",
        **idp_config(idp),
        **staff_idp_config(staff_idp),
    )
    with limited.app_context(), db.new_session() as s:
        before = s.scalar(select(func.count()).select_from(BrowserSession))
    statuses = []
    for _ in range(10):
        fresh_browser = limited.test_client()  # no cookie: a new attempt, a new row
        answer = fresh_browser.get("/ansatt/logg-inn")
        statuses.append(answer.status_code)
    # Its way out is the front page, not the staff side's, which would lead back to this login.
    assert '<a class="ds-link" href="/">' in answer.get_data(as_text=True)
    with limited.app_context(), db.new_session() as s:
        after = s.scalar(select(func.count()).select_from(BrowserSession))
    limited.extensions["db_engine"].dispose()
    assert statuses[3:] == [429] * 7, statuses
    assert after - before <= 3  # a refused attempt starts no session


def test_the_fhir_api_keeps_answering_while_the_limits_redis_is_down(database_url, app, maskinporten):  # noqa: F811
    api = make_app(
        database_url,
        **api_config(maskinporten),
        RATELIMIT_ENABLED=True,
        REDIS_URL=UNREACHABLE_REDIS,
        TASK_QUEUE_URL="memory://",
    )
    try:
        client = api.test_client()
        token = maskinporten.systems["askoy"].token()
        response = client.get("/fhir/Goal?_count=1", headers={"Authorization": f"Bearer {token}"})
        # Counted in memory, as the login limits are (docs/operations.md): the call is answered.
        assert response.status_code == 200, (response.status_code, response.mimetype)
    finally:
        api.extensions["db_engine"].dispose()


def test_forged_forwarded_host_is_refused(database_url, idp):
    """Safe."""
    app = make_app(database_url, PROXY_FIX=True, **idp_config(idp))
    client = app.test_client()
    for host in ("evil.example", "localhost@evil.example", "localhost:80@evil.example", "evil.example#localhost"):
        response = client.get("/logg-inn", headers={"X-Forwarded-Host": host})
        assert response.status_code == 400, host
        assert "evil" not in response.get_data(as_text=True)


TOKEN = "scraper-token-" + "x" * 32


def test_metrics_labels_carry_no_ids_and_no_paths(database_url, app):
    metrics_app = make_app(database_url, METRICS_TOKEN=TOKEN, TASK_QUEUE_URL="memory://")
    client = metrics_app.test_client()
    for path in (
        "/plan/mal/123456",
        "/kalender/secrettoken123.ics",
        "/fhir/Patient/987654",
        "/ansatt/planer/55555",
        "/min-side/saker/77777",
        "/x@example.no",
    ):
        client.get(path, headers={"Host": "evil.example"})
        client.get(path)
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    for secret in ("123456", "secrettoken", "987654", "55555", "77777", "example", "evil"):
        assert secret not in body
    assert client.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN} "}).status_code == 401
    metrics_app.extensions["db_engine"].dispose()


def test_probes_say_nothing_on_any_method_or_host(app):
    client = app.test_client()
    for method in ("GET", "HEAD", "POST", "OPTIONS", "TRACE"):
        for path in ("/healthz", "/readyz"):
            r = client.open(path, method=method, headers={"Host": "10.1.2.3:8000", "X-Forwarded-Host": "evil"})
            text = r.get_data(as_text=True).lower()
            for word in ("werkzeug", "python", "flask", "sqlite", "postgres", "redis", "traceback", "version"):
                assert word not in text, (method, path, word)


def test_healthz_with_a_session_cookie_while_the_database_is_down(tmp_path, app):
    """A browser's signed session cookie sent with the probe: "alive" still reads no database."""
    missing = tmp_path / "gone" / "no.db"
    down = make_app(f"sqlite:///{missing}", TASK_QUEUE_URL="memory://", SECRET_KEY=app.secret_key)

    signer = down.session_interface._signer(down)
    cookie = signer.sign(b"any-token-at-all").decode()
    client = down.test_client()
    client.set_cookie(down.config.get("SESSION_COOKIE_NAME", "session"), cookie)
    response = client.get("/healthz")
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:200])


@pytest.mark.parametrize("path", ["/", "/healthz", "/readyz", "/ordliste", "/kontakt", "/fhir/metadata"])
def test_an_upper_case_host_is_not_a_server_error(database_url, path, caplog):
    prod_like = make_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False, TASK_QUEUE_URL="memory://")
    response = prod_like.test_client().get(path, headers={"Host": "LocalHost"})

    tracebacks = [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]
    assert response.status_code < 500, (response.status_code, [r.getMessage() for r in tracebacks])
