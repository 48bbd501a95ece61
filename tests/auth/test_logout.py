"""Both ways out: our logout button (RP-initiated) and ID-porten's call (front-channel)."""

from __future__ import annotations

from urllib.parse import urlencode

import requests
from sqlalchemy import func, select

from app import create_app, db
from app.models import BrowserSession
from tests.auth.visitor import KARI, Visitor, continue_link, frames, query
from tests.conftest import TEST_CLIENT_ID


def _logged_in_sessions(app) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(BrowserSession).where(BrowserSession.person_id.is_not(None)))


def _sid(app) -> str:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(BrowserSession.idp_sid).where(BrowserSession.person_id.is_not(None)))


def test_logout_ends_our_session_first_then_id_portens(app, visitor, idp, events):
    visitor.log_in(KARI)
    response = visitor.post("/logg-ut", {"csrf_token": visitor.csrf_token("/min-side")})
    assert response.status_code == 303
    assert _logged_in_sessions(app) == 0
    location = response.headers["Location"]
    assert location.startswith(idp.issuer + "/logout?")
    # A GET that names the client, never the id_token (it carries the identity number).
    assert "id_token" not in location and KARI not in location
    params = query(location)
    assert sorted(params) == ["client_id", "post_logout_redirect_uri", "state", "ui_locales"]
    assert params["client_id"] == TEST_CLIENT_ID
    assert params["post_logout_redirect_uri"] == visitor.app_url + "/logg-ut/ferdig"
    assert params["ui_locales"] == "nb"
    assert len(params["state"]) >= 20
    assert visitor.get("/min-side").status_code == 303


def test_the_whole_logout_comes_back_confirmed(visitor, events):
    visitor.log_in(KARI)
    logged_out_at_idp = visitor.log_out()
    assert logged_out_at_idp.status_code == 200
    assert [f.split("?")[0] for f in frames(logged_out_at_idp)] == [visitor.app_url + "/logg-ut/frontkanal"]
    back = visitor.get(continue_link(logged_out_at_idp))
    assert back.status_code == 200 and "Du er logget ut" in back.text
    assert "Logg inn" in back.text
    assert events.events("logout.started")


def test_a_logout_return_with_the_wrong_state_is_not_confirmed(visitor, events):
    visitor.log_in(KARI)
    link = continue_link(visitor.log_out())
    page = visitor.get(link.replace("state=", "state=x"))
    assert page.status_code == 400
    assert "Vi fikk ikke bekreftet" in page.text
    assert events.events("logout.refused")[0]["reason"] == "wrong_state"
    assert visitor.get(link).status_code == 400  # the state was used up by the first try


def test_logout_keeps_the_language_choice(visitor):
    visitor.choose_language("en")
    visitor.log_in(KARI)
    back = visitor.get(continue_link(visitor.log_out()))
    assert '<html lang="en"' in back.text


def test_the_logout_form_may_send_the_person_to_id_porten(visitor, idp):
    page = visitor.log_in(KARI)
    csp = page.headers["Content-Security-Policy"]
    assert f"form-action 'self' {idp.issuer}" in csp


def test_logout_without_a_login_still_goes_to_id_porten_and_stores_nothing(app, visitor, idp):
    with app.app_context(), db.new_session() as s:
        rows_before = s.scalar(select(func.count()).select_from(BrowserSession))
    response = visitor.post("/logg-ut", {})
    assert response.status_code == 303 and response.headers["Location"].startswith(idp.issuer + "/logout?")
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(func.count()).select_from(BrowserSession)) == rows_before
    assert visitor.cookie() is None


def test_logout_without_a_csrf_token_still_logs_out(app, visitor, idp):
    visitor.log_in(KARI)
    response = visitor.post("/logg-ut", {})
    assert response.status_code == 303 and response.headers["Location"].startswith(idp.issuer + "/logout?")
    assert _logged_in_sessions(app) == 0
    assert visitor.get("/min-side").status_code == 303


def test_front_channel_logout_ends_every_session_with_that_sid_without_cookies(app, visitor, live_server, idp, events):
    visitor.log_in(KARI)
    # A second browser tab set: the same ID-porten login (single sign-on), so the same sid.
    other = Visitor(live_server, idp.issuer)
    other.http.cookies.update({"devidp_sso": visitor.cookie("devidp_sso")})
    assert other.log_in(KARI).status_code == 200
    assert _logged_in_sessions(app) == 2
    sid = _sid(app)
    url = f"{live_server}/logg-ut/frontkanal?{urlencode({'iss': idp.issuer, 'sid': sid})}"
    response = requests.get(url, timeout=5)  # no cookies at all
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert f"frame-ancestors {idp.issuer}" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert _logged_in_sessions(app) == 0
    assert visitor.get("/min-side").status_code == 303 and other.get("/min-side").status_code == 303
    assert requests.get(url, timeout=5).status_code == 200  # idempotent
    assert [e["sessions_ended"] for e in events.events("logout.frontchannel")] == [2, 0]


def test_front_channel_logout_works_from_any_process(app, database_url, visitor, idp, live_server):
    from tests.conftest import idp_config

    visitor.log_in(KARI)
    other_process = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "another-process-key", "TESTING": True, **idp_config(idp)}
    )
    response = other_process.test_client().get(
        "/logg-ut/frontkanal?" + urlencode({"iss": idp.issuer, "sid": _sid(app)})
    )
    assert response.status_code == 200
    assert visitor.get("/min-side").status_code == 303
    other_process.extensions["db_engine"].dispose()


def test_front_channel_logout_with_a_wrong_issuer_ends_nothing(app, visitor, idp, live_server, events):
    visitor.log_in(KARI)
    url = f"{live_server}/logg-ut/frontkanal?{urlencode({'iss': 'https://evil.example', 'sid': _sid(app)})}"
    response = requests.get(url, timeout=5)
    assert response.status_code == 400
    assert _logged_in_sessions(app) == 1
    assert events.refusals() == ["frontchannel_wrong_iss"]


def test_front_channel_logout_without_parameters_is_refused(visitor, live_server, events):
    assert requests.get(f"{live_server}/logg-ut/frontkanal", timeout=5).status_code == 400
    assert events.refusals() == ["malformed_frontchannel"]


def test_only_the_front_channel_page_may_be_framed(visitor):
    assert "frame-ancestors 'none'" in visitor.get("/").headers["Content-Security-Policy"]


def test_a_request_in_flight_during_logout_does_not_bring_the_session_back(app, visitor, idp, live_server):
    from flask import session

    visitor.log_in(KARI)
    cookie = visitor.cookie()
    with app.test_request_context(headers={"Cookie": f"minplan_session={cookie}"}):
        app.preprocess_request()
        assert session.get("person_id")
        requests.get(
            f"{live_server}/logg-ut/frontkanal?" + urlencode({"iss": idp.issuer, "sid": session["idp_sid"]}), timeout=5
        )
        session["easy_read"] = True  # the slow request finishes and saves
        app.session_interface.save_session(app, session, app.response_class())
    assert _logged_in_sessions(app) == 0
    assert visitor.get("/min-side").status_code == 303
