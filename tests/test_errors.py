"""Bad input gets a proper page in the reader's language, never a stack trace."""

from __future__ import annotations

import pytest

from tests.pages import LOCALES

NOT_FOUND = {"nb": "Vi fant ikke siden", "nn": "Vi fann ikkje sida", "en": "We could not find the page"}


@pytest.mark.parametrize(
    "path",
    [
        "/finnes-ikke",
        "/kontakt/oslo",
        "/om-individuell-plan/ukjent",
        "/kontakt/%2e%2e%2fetc",
        "/om-individuell-plan/KLAGE",
        "/kontakt/%ff",
        "/om-individuell-plan/%00",
        "/kontakt/askoy%0d%0aX:1",
    ],
)
@pytest.mark.parametrize("locale", LOCALES)
def test_unknown_pages_get_a_404_page_in_the_readers_language(client, path, locale):
    response = client.get(path, headers={"Accept-Language": locale})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{locale}"' in html
    if locale in NOT_FOUND:
        assert NOT_FOUND[locale] in html


def test_an_oversized_request_gets_a_413_page(client):
    response = client.post("/lettlest", data={"easy_read": "on", "junk": "x" * 400_000})
    assert response.status_code == 413
    assert "Det du sendte var for stort" in response.get_data(as_text=True)


def test_a_wrong_method_gets_a_page_not_a_stack_trace(client):
    response = client.get("/lettlest")
    assert response.status_code == 405
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.fixture
def app_that_fails(database_url):
    """An app with one route that raises, as a bug would."""
    from flask import Blueprint

    from app.policy import public
    from tests.conftest import make_app

    app = make_app(database_url)
    boom = Blueprint("boom", __name__)

    @boom.get("/test-error")
    @public
    def explode():
        raise RuntimeError("secret detail")

    app.register_blueprint(boom)
    return app


def test_an_unexpected_error_shows_the_500_page_without_details(app_that_fails):
    response = app_that_fails.test_client().get("/test-error", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret detail" not in html and "Traceback" not in html
    assert '<html lang="en"' in html


def test_a_malformed_form_body_is_refused_cleanly(client):
    response = client.client.post(
        "/sprak", data=b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_when_the_error_page_itself_fails_a_bare_page_is_shown(app_that_fails):
    @app_that_fails.context_processor
    def broken_header():
        raise RuntimeError("the shell cannot render")

    response = app_that_fails.test_client().get("/test-error")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in html and "secret detail" not in html and "Traceback" not in html
