"""The whole journey over real HTTP against an independent certified provider (node's
oidc-provider, started here) and against the built-in stand-in, so the relying party is never
tested only against its own twin: log in, single sign-on, step-up, log out, and log out after
the local session has expired. Logged out means logged out at both ends: our session is gone,
and the next login must meet the provider's login again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select, update

from app import db
from app.models import BrowserSession
from app.models.base import utcnow
from tests.auth.visitor import query
from tests.certified_op.providers import Browser
from tests.people import KARI

pytestmark = pytest.mark.certified_op
LOGGED_IN_AS_KARI = "Logget inn som Kari Nordmann"


def _logged_in_sessions(app) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(BrowserSession).where(BrowserSession.person_id.is_not(None)))


def _age_the_login(app, seconds: int) -> None:
    """As if the person had logged in `seconds` earlier (the session keeps when they did)."""
    with app.app_context(), db.new_session() as s:
        for row in s.scalars(select(BrowserSession).where(BrowserSession.person_id.is_not(None))):
            row.data = {**row.data, "auth_time": row.data["auth_time"] - seconds}
        s.commit()


def _let_local_sessions_expire(app) -> None:
    """As if the person had been away longer than the idle timeout: the provider's session lives on."""
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(last_seen_at=utcnow() - idle))
        s.commit()


def _log_in(provider, browser: Browser, app_url: str):
    first = browser.go("/logg-inn?next=/min-side")
    assert provider.asked_to_log_in(first), first.urls
    landed = provider.log_in(browser, first)
    assert landed.response.url == app_url + "/min-side" and landed.response.status_code == 200, landed.urls
    assert LOGGED_IN_AS_KARI in landed.response.text
    return landed


def _press_log_out(provider, browser: Browser, csrf_token: str | None):
    """ "Logg ut": to the provider's end-session endpoint with a GET that names the client only."""
    end_session = requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=5).json()[
        "end_session_endpoint"
    ]
    leaving = browser.request("POST", "/logg-ut", data={"csrf_token": csrf_token} if csrf_token else {})
    assert leaving.status_code == 303, leaving.text[:300]
    location = leaving.headers["Location"]
    assert location.startswith(end_session + "?")
    assert "id_token" not in location and KARI not in location
    params = query(location)
    assert params["client_id"] == provider.client_id
    assert params["post_logout_redirect_uri"] == browser.app_url + "/logg-ut/ferdig"
    return provider.log_out(browser, browser.go(location))


def _assert_logged_out_at_both_ends(provider, app, browser: Browser, back) -> None:
    assert back.response.url.startswith(browser.app_url + "/logg-ut/ferdig?state="), back.urls
    assert back.response.status_code == 200
    assert "Du er logget ut av Min plan og av ID-porten." in back.response.text
    mine = browser.request("GET", "/min-side")
    assert mine.status_code == 303 and mine.headers["Location"].startswith("/logg-inn?next=/min-side")
    assert _logged_in_sessions(app) == 0
    again = browser.go("/logg-inn?next=/min-side")
    assert provider.asked_to_log_in(again), f"{provider.name} let the person straight back in: {again.urls}"


def test_log_in_single_sign_on_step_up_and_log_out(journey):
    provider, app, app_url = journey
    browser = Browser(app_url)
    _log_in(provider, browser, app_url)

    # Our session expires, the provider's lives on: logging in again goes straight through.
    _let_local_sessions_expire(app)
    again = browser.go("/logg-inn?next=/min-side")
    assert not provider.asked_to_log_in(again), again.urls
    assert again.response.url == app_url + "/min-side" and LOGGED_IN_AS_KARI in again.response.text

    # Giving a consent needs a login at most 15 minutes old: the provider must ask again.
    participant = re.search(r'href="/samtykke/(\d+)/gi"', browser.request("GET", "/samtykke").text).group(1)
    _age_the_login(app, 3600)
    step_up = browser.go(f"/samtykke/{participant}/gi")
    authorization = next(url for url in step_up.urls if url.startswith(provider.issuer))
    assert query(authorization)["prompt"] == "login" and query(authorization)["max_age"] == "900"
    assert provider.asked_to_log_in(step_up), step_up.urls
    done = provider.log_in(browser, step_up)
    assert done.response.url == f"{app_url}/samtykke/{participant}/gi" and done.response.status_code == 200
    assert f'action="/samtykke/{participant}/gi"' in done.response.text

    back = _press_log_out(provider, browser, browser.csrf_token())
    _assert_logged_out_at_both_ends(provider, app, browser, back)


def test_log_out_after_the_local_session_expired(journey):
    provider, app, app_url = journey
    browser = Browser(app_url)
    _log_in(provider, browser, app_url)
    stale_token = browser.csrf_token()
    _let_local_sessions_expire(app)
    back = _press_log_out(provider, browser, stale_token)
    _assert_logged_out_at_both_ends(provider, app, browser, back)


def test_log_out_from_a_page_left_open_without_a_session_at_all(journey):
    provider, app, app_url = journey
    browser = Browser(app_url)
    _log_in(provider, browser, app_url)
    browser.forget("minplan_session")  # a cookie the browser dropped, or a session purged on the server
    back = _press_log_out(provider, browser, None)
    assert back.response.status_code == 200 and "Du er logget ut av Min plan og av ID-porten." in back.response.text
    again = browser.go("/logg-inn?next=/min-side")
    assert provider.asked_to_log_in(again), again.urls
