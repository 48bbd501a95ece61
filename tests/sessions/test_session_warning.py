"""The page knows how long the session has left, and "Fortsett" gives it the full idle time again."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from app import db
from app.models import BrowserSession
from app.models.base import utcnow
from tests.auth.sessions import log_in_test_client


def _age(app, **ago) -> None:
    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(**{k: utcnow() - v for k, v in ago.items()}))
        s.commit()


def _last_seen_ago(app) -> timedelta:
    with app.app_context(), db.new_session() as s:
        return utcnow() - s.scalar(select(BrowserSession.last_seen_at))


def _seconds(html: str, name: str) -> int:
    return int(re.search(rf'data-{name}-seconds="(\d+)"', html).group(1))


def test_a_page_says_how_long_the_session_has_left(app, client):
    log_in_test_client(app, client)
    client.get("/min-side")
    _age(app, created_at=timedelta(minutes=60), last_seen_at=timedelta(seconds=30))
    html = client.get("/min-side").get_data(as_text=True)
    assert 'role="alertdialog"' in html and 'aria-live="assertive"' in html
    assert 29 * 60 < _seconds(html, "idle") <= 30 * 60 - 25  # not touched again within a minute
    assert 59 * 60 < _seconds(html, "absolute") <= 60 * 60
    _age(app, created_at=timedelta(minutes=115))
    html = client.get("/min-side").get_data(as_text=True)
    assert _seconds(html, "idle") == _seconds(html, "absolute") <= 5 * 60  # no idle time past the absolute end


def test_a_visitor_gets_no_warning(client):
    assert "data-session-timeout" not in client.get("/").get_data(as_text=True)


def test_going_on_extends_the_session_on_the_server_and_says_the_new_time(app, client):
    log_in_test_client(app, client)
    token = client.csrf_token("/min-side")
    client.get("/min-side")
    _age(app, last_seen_at=timedelta(minutes=27))
    response = client.post("/okt/fortsett", {"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["idle_seconds"] > 29 * 60 and response.json["absolute_seconds"] > 100 * 60
    assert _last_seen_ago(app) < timedelta(seconds=30)


def test_going_on_without_javascript_returns_to_the_page(app, client):
    log_in_test_client(app, client)
    token = client.csrf_token("/min-side")
    client.get("/min-side")
    _age(app, last_seen_at=timedelta(minutes=27))
    response = client.post("/okt/fortsett", {"csrf_token": token, "next": "/plan"})
    assert response.status_code == 303 and response.headers["Location"] == "/plan"
    assert _last_seen_ago(app) < timedelta(seconds=30)


def test_going_on_needs_the_csrf_token_and_a_live_session(app, client):
    log_in_test_client(app, client)
    token = client.csrf_token("/min-side")
    client.get("/min-side")
    _age(app, last_seen_at=timedelta(minutes=27))
    refused = client.post("/okt/fortsett", {}, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.mimetype == "text/html"  # no new time without the token
    _age(app, last_seen_at=timedelta(minutes=31))
    ended = client.post("/okt/fortsett", {"csrf_token": token}, headers={"Accept": "application/json"})
    assert ended.status_code == 400  # over is over: no row comes back to life
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(BrowserSession.person_id)) is None
