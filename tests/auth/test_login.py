"""Logging in with ID-porten, through the stand-in, over real HTTP: the journey that works."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import BrowserSession, Person
from tests.auth.visitor import KARI, query

UNKNOWN_PERSON = "01889810099"  # synthetic (month + 80), valid, not in the demo data


def _session_rows(app) -> list[BrowserSession]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(BrowserSession)))


def test_a_demo_person_logs_in_and_lands_on_min_side(visitor, events):
    page = visitor.log_in(KARI)
    assert page.status_code == 200
    assert page.url.endswith("/min-side")
    assert "Kari Nordmann" in page.text
    assert 'action="/logg-ut"' in page.text
    assert events.events("login.succeeded")[0]["amr"] == ["TestID"]


def test_the_authorization_request_is_what_id_porten_expects(visitor):
    response = visitor.get("/logg-inn", params={"next": "/min-side"})
    params = query(response.headers["Location"])
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert params["acr_values"] == "idporten-loa-high"
    assert params["ui_locales"] == "nb"
    assert set(params["scope"].split()) == {"openid", "profile"}
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20
    assert "prompt" not in params


def test_ui_locales_follow_the_chosen_language(visitor):
    visitor.choose_language("se")
    response = visitor.get("/logg-inn")
    assert query(response.headers["Location"])["ui_locales"] == "se"


def test_each_attempt_gets_its_own_state_and_nonce(visitor):
    first = query(visitor.get("/logg-inn").headers["Location"])
    second = query(visitor.get("/logg-inn").headers["Location"])
    assert first["state"] != second["state"] and first["nonce"] != second["nonce"]
    assert first["code_challenge"] != second["code_challenge"]


def test_login_gives_a_new_session_token_and_records_the_login(app, visitor):
    visitor.get("/logg-inn")  # an anonymous session now holds the attempt
    before = visitor.cookie()
    visitor.log_in(KARI)
    assert visitor.cookie() not in (None, before)
    rows = [row for row in _session_rows(app) if row.person_id]
    assert len(rows) == 1
    assert rows[0].acr == "idporten-loa-high" and rows[0].idp_sid and rows[0].logged_in_at
    # The id_token carries the identity number; logout no longer needs it, so it is not kept.
    assert "id_token" not in rows[0].data and "login_attempts" not in rows[0].data


def test_login_keeps_the_language_and_easy_read_choices(visitor):
    visitor.choose_language("nn", easy_read=True)
    page = visitor.log_in(KARI)
    assert '<html lang="nn"' in page.text and 'class="easy-read"' in page.text


def test_a_person_not_in_the_demo_data_is_greeted_without_a_name(app, visitor):
    page = visitor.log_in(UNKNOWN_PERSON)
    assert page.status_code == 200 and "Hei!" in page.text
    assert "Du er logget inn" in page.text
    with app.app_context(), db.new_session() as s:
        person = s.scalar(select(Person).where(Person.pid == UNKNOWN_PERSON))
        assert person.name is None and person.birth_date.year == 1998 and not person.has_plan


def test_a_person_comes_back_to_the_page_they_asked_for(visitor):
    response = visitor.get("/min-side")
    assert response.status_code == 303 and response.headers["Location"] == "/logg-inn?next=/min-side"
    page = visitor.follow(visitor.choose(visitor.follow(response), person=KARI))
    assert page.url.endswith("/min-side")


def test_an_expired_session_sends_the_person_to_log_in_and_back(app, visitor, events):
    visitor.log_in(KARI)
    from datetime import timedelta

    from sqlalchemy import update

    from app.models.base import utcnow

    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
        s.commit()
    response = visitor.get("/min-side?vis=alt")
    assert response.status_code == 303
    assert response.headers["Location"] == "/logg-inn?next=/min-side?vis%3Dalt"
    assert events.events("login.required")[-1]["session_expired"] is True
    # ID-porten still knows the person (single sign-on), so they are back at once.
    page = visitor.follow(response)
    assert page.status_code == 200 and page.url.endswith("/min-side?vis=alt")


def test_an_htmx_request_for_a_logged_in_page_asks_for_a_full_page_load(visitor):
    response = visitor.get("/min-side", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/logg-inn?next=/min-side"


def test_someone_already_logged_in_is_not_sent_to_id_porten_again(visitor):
    visitor.log_in(KARI)
    response = visitor.get("/logg-inn", params={"next": "/kontakt"})
    assert response.status_code == 303 and response.headers["Location"] == "/kontakt"


def test_the_person_can_cancel_at_id_porten(visitor, events):
    page = visitor.start_login()
    response = visitor.choose(page, action="cancel")
    params = query(response.headers["Location"])
    assert params["error"] == "access_denied" and params["iss"] == visitor.idp_url
    cancelled = visitor.follow(response)
    assert cancelled.status_code == 200
    assert "Du avbrøt innloggingen" in cancelled.text
    assert events.refusals() == ["idp_error"]
    assert visitor.get("/min-side").status_code == 303  # still not logged in


def test_the_cancel_page_is_in_the_persons_language(visitor):
    visitor.choose_language("en")
    page = visitor.start_login()
    cancelled = visitor.follow(visitor.choose(page, action="cancel"))
    assert '<html lang="en"' in cancelled.text
