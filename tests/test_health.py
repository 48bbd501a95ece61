"""The load balancer's probes: alive whatever the database does, ready only when everything a
request needs answers, and neither says more than that to whoever asks."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from tests.conftest import UNREACHABLE_REDIS, make_app

pytestmark = pytest.mark.usefixtures("task_queue_kept")


def test_a_serving_app_is_alive_and_ready_and_the_probes_set_no_cookie(app):
    client = app.test_client()
    for path, words in (("/healthz", "alive"), ("/readyz", "ready")):
        response = client.get(path)
        assert (response.status_code, response.get_data(as_text=True)) == (200, words + "\n")
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers


def test_a_load_balancer_probing_by_address_is_answered_though_pages_refuse_that_host(app):
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "10.0.3.17:8000"}).status_code == 200
    assert client.get("/readyz", headers={"Host": "10.0.3.17:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "10.0.3.17:8000"}).status_code == 400


def test_without_a_database_it_is_alive_but_not_ready_and_says_why_only_in_the_log(tmp_path, caplog):
    missing = tmp_path / "gone" / "no.db"  # a directory that does not exist: SQLite cannot open it
    app = make_app(f"sqlite:///{missing}", TASK_QUEUE_URL="memory://")
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    with caplog.at_level(logging.WARNING, logger="minplan.health"):
        response = client.get("/readyz")
    assert (response.status_code, response.get_data(as_text=True)) == (503, "not ready\n")
    assert "database" in _failing(caplog)


def test_a_database_behind_its_migrations_is_not_ready(tmp_path, caplog):
    """An upgrade not yet run: the code expects tables the database does not have."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('c15plan00001')")
    client = make_app(f"sqlite:///{path}", TASK_QUEUE_URL="memory://").test_client()
    with caplog.at_level(logging.WARNING, logger="minplan.health"):
        assert client.get("/readyz").status_code == 503
    assert _failing(caplog) == {"database": "migrations are not at head"}


def test_without_redis_it_is_not_ready(database_url, caplog):
    client = make_app(database_url, REDIS_URL=UNREACHABLE_REDIS, TASK_QUEUE_URL="memory://").test_client()
    with caplog.at_level(logging.WARNING, logger="minplan.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert set(_failing(caplog)) == {"redis"}
    assert "6379" not in response.get_data(as_text=True) and "redis" not in response.get_data(as_text=True)


def test_without_the_task_queue_it_is_not_ready(database_url, caplog):
    client = make_app(database_url, TASK_QUEUE_URL=UNREACHABLE_REDIS).test_client()
    with caplog.at_level(logging.WARNING, logger="minplan.health"):
        assert client.get("/readyz").status_code == 503
    assert set(_failing(caplog)) == {"task_queue"}


def test_a_probe_answered_200_writes_no_request_line_but_a_failing_one_does(app, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="minplan.access"):
        app.test_client().get("/healthz")
        app.test_client().get("/readyz")
    assert [r for r in caplog.records if r.name == "minplan.access"] == []
    broken = make_app(f"sqlite:///{tmp_path / 'gone' / 'x.db'}", TASK_QUEUE_URL="memory://")
    with caplog.at_level(logging.INFO, logger="minplan.access"):
        broken.test_client().get("/readyz")
    assert [r.status for r in caplog.records if r.name == "minplan.access"] == [503]


def _failing(caplog) -> dict:
    (record,) = [r for r in caplog.records if getattr(r, "event", None) == "health.not_ready"]
    return record.failing
