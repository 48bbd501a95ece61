"""The staff login over real HTTP, against the staff provider's stand-in (devidp's staff realm):
the whole login with multi-factor, what is refused (password only, forged or missing state, a
replayed callback, a wrong issuer), the wall between the staff and the citizen sessions, both kinds
of logout, and a staff session that ends when its role or its idle time does."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from sqlalchemy import select, update

from app import db
from app.models import BrowserSession
from app.models.base import utcnow
from app.services import staff as staff_service
from app.sessions import STAFF, STAFF_COOKIE_NAME
from tests.auth.conftest import EventLog
from tests.auth.visitor import KARI, Visitor, continue_link, query
from tests.staff.sessions import ASKOY_OFFICER, staff_member_id

HOME = "/ansatt/"


class StaffVisitor(Visitor):
    """A browser that may log in on either side: at the staff stand-in, and at ID-porten's."""

    def __init__(self, app_url: str, idp_url: str, staff_idp_url: str):
        super().__init__(app_url, idp_url)
        self.staff_idp_url = staff_idp_url

    def staff_login_page(self, path: str = HOME) -> requests.Response:
        """A staff page while logged out, to the staff login, to the stand-in's login page."""
        to_login = self.get(path)
        assert to_login.status_code == 303 and urlsplit(to_login.headers["Location"]).path == "/ansatt/logg-inn"
        to_provider = self.get(to_login.headers["Location"])
        assert to_provider.status_code == 303
        assert to_provider.headers["Location"].startswith(self.staff_idp_url + "/authorize?")
        page = self.get(to_provider.headers["Location"])
        assert page.status_code == 200 and 'name="staff"' in page.text
        return page

    def choose_staff(self, login_page: requests.Response, **form) -> requests.Response:
        """Submit the staff stand-in's form: staff=<username> picks a demo staff member, method=mfa|pwd."""
        action = unescape(re.search(r'<form class="idp-form" method="post" action="([^"]+)"', login_page.text).group(1))
        return self.post(self.staff_idp_url + action, data=form)

    def staff_callback(self, username: str = ASKOY_OFFICER, method: str = "mfa", path: str = HOME) -> str:
        """Log in at the stand-in, stop before the callback: returns the callback URL."""
        chosen = self.choose_staff(self.staff_login_page(path), staff=username, method=method)
        assert chosen.status_code in (302, 303), chosen.text[:300]
        return chosen.headers["Location"]

    def staff_log_in(self, username: str = ASKOY_OFFICER, path: str = HOME) -> requests.Response:
        return self.follow(self.get(self.staff_callback(username, path=path)))

    def logged_in_on_staff_side(self) -> bool:
        return self.get(HOME).status_code == 200


@pytest.fixture
def events():
    handler, logger = EventLog(), logging.getLogger()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel("DEBUG")
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.fixture
def visitor(live_server, idp, staff_idp):
    return StaffVisitor(live_server, idp.issuer, staff_idp.issuer)


def _with(url: str, **params) -> str:
    values = {**query(url), **params}
    return url.split("?")[0] + "?" + urlencode({k: v for k, v in values.items() if v is not None})


def _refused(visitor: StaffVisitor, url: str, status: int = 400) -> requests.Response:
    response = visitor.get(url)
    assert response.status_code == status, response.text[:300]
    assert not visitor.logged_in_on_staff_side(), "a refused login must not log anyone in"
    return response


def _staff_rows(app):
    with app.app_context(), db.new_session() as s:
        return list(
            s.execute(
                select(BrowserSession.id, BrowserSession.idp_sid).where(
                    BrowserSession.realm == STAFF, BrowserSession.staff_member_id.is_not(None)
                )
            )
        )


def test_the_whole_login_with_multi_factor_lands_on_the_staff_page_logged_in(app, visitor, events):
    page = visitor.staff_log_in(ASKOY_OFFICER)
    assert page.status_code == 200 and urlsplit(page.url).path == HOME
    assert "Du er logget inn som Hilde Brekke." in page.text
    assert "Saksbehandler i koordinerende enhet, Askøy kommune" in page.text
    assert events.events("staff.login.succeeded")


def test_a_login_started_on_a_deeper_staff_page_comes_back_to_it(visitor):
    page = visitor.staff_log_in(ASKOY_OFFICER, path="/ansatt/tilganger")
    assert page.status_code == 200 and urlsplit(page.url).path == "/ansatt/tilganger"


def test_the_staff_cookie_is_the_staff_sides_own(visitor):
    callback = visitor.get(visitor.staff_callback())
    assert callback.status_code == 303
    cookie = next(c for c in callback.raw.headers.getlist("Set-Cookie") if c.startswith(STAFF_COOKIE_NAME + "="))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert attributes["path"] == "Path=/ansatt"
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"
    assert visitor.cookie("minplan_session") is None or visitor.cookie("minplan_session") != visitor.cookie(
        STAFF_COOKIE_NAME
    )


def test_a_password_only_login_is_refused_and_nobody_is_logged_in(visitor, events):
    page = _refused(visitor, visitor.staff_callback(method="pwd"), status=403)
    assert "Du må logge inn med tofaktor" in page.text
    assert events.refusals()


def test_a_replayed_callback_is_refused(visitor, events):
    callback = visitor.staff_callback()
    assert visitor.get(callback).status_code == 303
    assert visitor.logged_in_on_staff_side()
    replay = StaffVisitor(visitor.app_url, visitor.idp_url, visitor.staff_idp_url)
    _refused(replay, callback)
    assert "unknown_state" in events.refusals()


@pytest.mark.parametrize("state", [None, "forged-state-that-we-never-sent-0123456789"])
def test_a_missing_or_forged_state_is_refused(visitor, events, state):
    _refused(visitor, _with(visitor.staff_callback(), state=state))
    assert events.refusals() == ["missing_state" if state is None else "unknown_state"]


def test_a_state_from_another_browsers_login_is_refused(visitor, events):
    attacker = StaffVisitor(visitor.app_url, visitor.idp_url, visitor.staff_idp_url)
    _refused(visitor, attacker.staff_callback())  # login CSRF: the attacker's code and state
    assert events.refusals() == ["unknown_state"]


@pytest.mark.parametrize("iss", ["https://login.microsoftonline.com/other", "ID-PORTEN", None])
def test_a_wrong_or_missing_issuer_is_refused(visitor, idp, staff_idp, events, iss):
    callback = visitor.staff_callback()
    _refused(visitor, _with(callback, iss=idp.issuer if iss == "ID-PORTEN" else iss))
    assert events.refusals() == ["wrong_iss" if iss else "missing_iss"]
    assert staff_idp.store.code_is_unused(query(callback)["code"])


def test_a_citizens_session_never_reaches_a_staff_page(visitor):
    assert urlsplit(visitor.log_in(KARI).url).path == "/min-side"
    assert visitor.get("/min-side").status_code == 200
    for path in (HOME, "/ansatt/tilganger"):
        response = visitor.get(path)
        assert response.status_code == 303
        assert urlsplit(response.headers["Location"]).path == "/ansatt/logg-inn"


def test_a_staff_session_never_reaches_a_citizen_page(visitor):
    visitor.staff_log_in(ASKOY_OFFICER)
    response = visitor.get("/min-side")
    assert response.status_code == 303 and urlsplit(response.headers["Location"]).path == "/logg-inn"


def test_logout_ends_the_session_then_the_providers_and_the_return_confirms(app, visitor, staff_idp, events):
    visitor.staff_log_in(ASKOY_OFFICER)
    leaving = visitor.post("/ansatt/logg-ut", {"csrf_token": visitor.csrf_token(HOME)})
    assert leaving.status_code == 303
    location = leaving.headers["Location"]
    assert location.startswith(staff_idp.issuer + "/logout?")
    assert query(location)["post_logout_redirect_uri"] == visitor.app_url + "/ansatt/logg-ut/ferdig"
    assert _staff_rows(app) == []
    assert not visitor.logged_in_on_staff_side()
    at_provider = visitor.get(location)
    assert at_provider.status_code == 200
    back = visitor.get(continue_link(at_provider))
    assert back.status_code == 200 and "Du er logget ut av Min plan og av kommunens innlogging." in back.text
    assert events.events("staff.logout.started")


def test_front_channel_logout_ends_the_staff_session_and_not_a_citizens_with_the_same_sid(
    app, visitor, live_server, staff_idp
):
    citizen = StaffVisitor(visitor.app_url, visitor.idp_url, visitor.staff_idp_url)
    citizen.log_in(KARI)
    visitor.staff_log_in(ASKOY_OFFICER)
    [(_row, sid)] = _staff_rows(app)
    assert sid
    with app.app_context(), db.new_session() as s:  # the same sid on a citizen's session, by chance or on purpose
        s.execute(update(BrowserSession).where(BrowserSession.person_id.is_not(None)).values(idp_sid=sid))
        s.commit()
    wrong = requests.get(
        f"{live_server}/ansatt/logg-ut/frontkanal?{urlencode({'iss': 'https://evil.example', 'sid': sid})}", timeout=5
    )
    assert wrong.status_code == 400 and visitor.logged_in_on_staff_side()
    url = f"{live_server}/ansatt/logg-ut/frontkanal?{urlencode({'iss': staff_idp.issuer, 'sid': sid})}"
    assert requests.get(url, timeout=5).status_code == 200  # no cookies: the provider's iframe
    assert not visitor.logged_in_on_staff_side()
    assert citizen.get("/min-side").status_code == 200


def test_a_revoked_role_takes_effect_on_the_next_request(app, visitor):
    visitor.staff_log_in(ASKOY_OFFICER)
    assert visitor.get("/ansatt/tilganger").status_code == 200
    member_id = staff_member_id(app, ASKOY_OFFICER)
    with app.app_context(), db.new_session() as s:
        [held] = staff_service.active_roles(s, member_id)
        staff_service.revoke_role(s, None, held.id)
    assert visitor.get("/ansatt/tilganger").status_code == 403
    assert "Du har ingen rolle i Min plan ennå" in visitor.get(HOME).text


def test_an_idle_staff_session_ends(app, visitor):
    visitor.staff_log_in(ASKOY_OFFICER)
    idle = timedelta(minutes=app.config["STAFF_SESSION_IDLE_MINUTES"] + 1)
    with app.app_context(), db.new_session() as s:
        s.execute(
            update(BrowserSession)
            .where(BrowserSession.realm == STAFF)
            .values(last_seen_at=utcnow() - idle, created_at=utcnow() - idle)
        )
        s.commit()
    response = visitor.get("/ansatt/tilganger")
    assert response.status_code == 303 and urlsplit(response.headers["Location"]).path == "/ansatt/logg-inn"
    assert not visitor.logged_in_on_staff_side()
