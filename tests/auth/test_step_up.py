"""Step-up: a later feature asks for a stronger or more recent login before a sensitive action."""

from __future__ import annotations

import time

import pytest
from flask import Blueprint

from app import assurance_levels, create_app
from app.auth.step_up import require_fresh_login
from app.demo import data as demo_data
from app.policy import login_required
from tests.auth.visitor import KARI, Visitor, query
from tests.conftest import idp_config


@pytest.fixture
def step_up_app(database_url, idp):
    """An app whose ordinary login is substantial, with two actions that need more."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "step-up-test",
            "TESTING": True,
            **idp_config(idp, IDPORTEN_ACR=assurance_levels.SUBSTANTIAL),
        }
    )
    sensitive = Blueprint("sensitive", __name__)

    @sensitive.get("/sensitiv-handling")
    @login_required
    def act():
        return require_fresh_login(assurance_levels.HIGH) or "done"

    @sensitive.get("/nylig-innlogget")
    @login_required
    def recent():
        return require_fresh_login(assurance_levels.SUBSTANTIAL, max_age=60) or "recent enough"

    app.register_blueprint(sensitive)
    with app.app_context():
        demo_data.load()
    yield app
    app.extensions["db_engine"].dispose()


def _log_in(client, idp, path="/logg-inn", **form):
    response = client.get(path)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    browser = Visitor("http://localhost", idp.issuer)
    page = browser.get(response.headers["Location"])
    redirect = browser.choose(page, **form)
    if redirect.status_code != 302:
        return redirect, query(response.headers["Location"])
    callback = redirect.headers["Location"].removeprefix("http://localhost")
    return client.get(callback), query(response.headers["Location"])


def test_a_stronger_login_is_asked_for_and_then_the_action_goes_ahead(step_up_app, idp):
    client = step_up_app.test_client()
    answer, asked = _log_in(client, idp, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    assert answer.status_code == 303 and asked["acr_values"] == assurance_levels.SUBSTANTIAL
    response = client.get("/sensitiv-handling")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/logg-inn?next=/sensitiv-handling")
    answer, asked = _log_in(client, idp, path=response.headers["Location"], person=KARI)
    assert asked["prompt"] == "login" and asked["acr_values"] == assurance_levels.HIGH
    assert answer.headers["Location"] == "/sensitiv-handling"
    assert client.get("/sensitiv-handling").get_data(as_text=True) == "done"


def test_the_stand_in_does_not_let_the_person_choose_a_lower_level(step_up_app, idp):
    client = step_up_app.test_client()
    _log_in(client, idp, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    step_up = client.get("/sensitiv-handling").headers["Location"]
    answer, _asked = _log_in(client, idp, path=step_up, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    assert answer.status_code == 422
    assert "minst like høyt" in answer.text


def test_an_old_login_is_refreshed_before_an_action_that_needs_a_recent_one(step_up_app, idp):
    client = step_up_app.test_client()
    _log_in(client, idp, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    assert client.get("/nylig-innlogget").get_data(as_text=True) == "recent enough"
    with client.session_transaction() as session:
        session["auth_time"] = time.time() - 600
    response = client.get("/nylig-innlogget")
    assert response.status_code == 303 and "max_age=60" in response.headers["Location"]
    answer, asked = _log_in(client, idp, path=response.headers["Location"], person=KARI)
    assert asked["max_age"] == "60" and asked["prompt"] == "login"
    assert client.get(answer.headers["Location"]).get_data(as_text=True) == "recent enough"


def test_a_token_from_an_old_login_is_refused_when_a_recent_one_was_asked_for(step_up_app, idp):
    client = step_up_app.test_client()
    _log_in(client, idp, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    with client.session_transaction() as session:
        session["auth_time"] = time.time() - 600
    step_up = client.get("/nylig-innlogget").headers["Location"]
    idp.store.next_id_token_claims = {"auth_time": int(time.time()) - 3600}
    answer, _asked = _log_in(client, idp, path=step_up, person=KARI)
    assert answer.status_code == 400


def test_an_htmx_request_is_told_to_load_the_step_up_as_a_whole_page(step_up_app, idp):
    client = step_up_app.test_client()
    _log_in(client, idp, person=KARI, acr=assurance_levels.SUBSTANTIAL)
    response = client.get("/sensitiv-handling", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"].startswith("/logg-inn?")


def test_a_fresh_login_shows_the_login_page_even_with_single_sign_on(visitor):
    visitor.log_in(KARI)
    page = visitor.start_login(fresh="1")
    assert page.status_code == 200 and "Logg inn med TestID" in page.text
