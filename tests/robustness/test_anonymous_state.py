"""An anonymous visitor cannot make the server store anything: a visitor's choices (language,
easy-read) travel in a signed cookie, and no public page creates a session row."""

from __future__ import annotations

from sqlalchemy import func, select

from app import db
from app.domain.capabilities import Capability
from app.models import BrowserSession
from app.policy import declared_capability
from app.session_choices import CHOICES_COOKIE

# Logging in must remember state, nonce and PKCE verifier until ID-porten sends the person back.
STARTS_A_LOGIN = {"/logg-inn", "/ansatt/logg-inn"}


def _rows(app) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(BrowserSession))


def test_three_hundred_anonymous_choices_store_nothing_on_the_server(app):
    for n in range(300):
        client = app.test_client()  # a new visitor each time, as a script would be
        chosen = client.post("/sprak", data={"locale": ("nn", "en", "se")[n % 3], "next": "/"})
        toggled = client.post("/lettlest", data={"easy_read": ("on", "off")[n % 2], "next": "/"})
        assert (chosen.status_code, toggled.status_code) == (303, 303)
        assert client.get_cookie(CHOICES_COOKIE) is not None
        assert client.get_cookie("minplan_session") is None
    assert _rows(app) == 0


def test_the_choices_still_work_without_a_row(app):
    client = app.test_client()
    client.post("/sprak", data={"locale": "nn", "next": "/"})
    client.post("/lettlest", data={"easy_read": "on", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert 'class="easy-read"' in page
    assert _rows(app) == 0


def test_a_forged_choices_cookie_is_ignored(app):
    client = app.test_client()
    client.set_cookie(CHOICES_COOKIE, '{"locale": "nn", "easy_read": true}')
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nb"' in page
    assert 'class="easy-read"' not in page


def test_no_public_page_stores_anything_for_a_visitor_who_has_made_choices(app):
    client = app.test_client()
    client.post("/sprak", data={"locale": "en", "next": "/"})
    client.post("/lettlest", data={"easy_read": "on", "next": "/"})
    visited = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if declared_capability(view) != Capability.PUBLIC or "GET" not in rule.methods:
            continue
        if rule.arguments or rule.rule in STARTS_A_LOGIN:
            continue
        response = client.get(rule.rule)
        assert response.status_code < 500, rule.rule
        visited.append(rule.rule)
    for path in ("/om-individuell-plan/hva-er-en-ip", "/kontakt/askoy", "/kalender/not-a-token.ics"):
        assert client.get(path).status_code < 500, path
    assert {"/", "/ordliste", "/kontakt", "/personvern"} <= set(visited)
    assert _rows(app) == 0
    assert client.get_cookie("minplan_session") is None
