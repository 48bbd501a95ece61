"""What an attacker would try: forged forms, redirects elsewhere, tampered cookies, framing."""

from __future__ import annotations

import re

import pytest

from tests.auth.sessions import log_in_test_client
from tests.people import KARI


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_each_response_gets_a_new_nonce(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_static_files_may_be_cached_and_are_not_sniffed(client):
    stylesheet = re.search(r'href="(/static/css/[^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    response = client.client.get(stylesheet)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(scope="module")
def app_with_a_form(database_url):
    """An app with one ordinary POST route, to test the CSRF protection every form gets."""
    from flask import Blueprint, session

    from app.policy import public
    from tests.conftest import make_app

    app = make_app(database_url)
    forms = Blueprint("forms", __name__)

    @forms.post("/test-form")
    @public
    def submit():
        return "saved"

    @forms.get("/test-form")
    @public
    def show():
        session["visited"] = True
        from flask_wtf.csrf import generate_csrf

        return generate_csrf()

    app.register_blueprint(forms)
    return app


def test_a_form_without_csrf_token_is_refused(app_with_a_form):
    browser = app_with_a_form.test_client()
    browser.get("/test-form")
    response = browser.post("/test-form", data={"text": "hei"}, headers={"Accept-Language": "nb"})
    assert response.status_code == 400
    assert "Skjemaet er utløpt" in response.get_data(as_text=True)


def test_a_csrf_token_from_another_browser_is_refused(app_with_a_form):
    foreign_token = app_with_a_form.test_client().get("/test-form").get_data(as_text=True)
    browser = app_with_a_form.test_client()
    browser.get("/test-form")
    assert browser.post("/test-form", data={"csrf_token": foreign_token}).status_code == 400
    own_token = browser.get("/test-form").get_data(as_text=True)
    assert browser.post("/test-form", data={"csrf_token": own_token}).status_code == 200


def test_an_htmx_request_may_send_the_token_as_a_header(app_with_a_form):
    browser = app_with_a_form.test_client()
    token = browser.get("/test-form").get_data(as_text=True)
    response = browser.post("/test-form", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
    ids=["foreign-origin", "cross-site-fetch", "opaque-origin"],
)
def test_language_and_easy_read_choices_refuse_other_sites(client, headers):
    response = client.post("/lettlest", data={"easy_read": "on"}, headers=headers)
    assert response.status_code == 403
    assert 'class="easy-read"' not in client.get("/").get_data(as_text=True)


def test_language_and_easy_read_choices_accept_this_site(client):
    response = client.client.post(
        "/lettlest", data={"easy_read": "on"}, headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303


def test_reading_pages_sets_no_cookie_and_stores_nothing(client):
    for path in ("/", "/om-individuell-plan/koordinator", "/kontakt/horten", "/ordliste"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert 'name="csrf-token"' not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "\t//evil.example",
        "http:/evil",
    ],
)
def test_next_never_leads_to_another_site(client, target):
    response = client.client.post("/lettlest", data={"easy_read": "on", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_a_tampered_session_cookie_is_ignored(app, client):
    log_in_test_client(app, client)
    assert client.get("/min-side").status_code == 200
    cookie = client.client.get_cookie("minplan_session")
    client.client.set_cookie("minplan_session", cookie.value[:-3] + "abc")
    response = client.client.get("/min-side")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/logg-inn")


def test_a_tampered_choices_cookie_is_ignored(client):
    client.client.post("/lettlest", data={"easy_read": "on"})
    assert 'class="easy-read"' in client.get("/").get_data(as_text=True)
    cookie = client.client.get_cookie("minplan_choices")
    client.client.set_cookie("minplan_choices", cookie.value[:-3] + "abc")
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="easy-read"' not in response.get_data(as_text=True)


def test_the_session_cookie_holds_only_a_signed_id(app, client):
    log_in_test_client(app, client)
    response = client.client.get("/min-side")
    assert response.status_code == 200
    value = client.client.get_cookie("minplan_session").value
    assert len(value) < 100
    assert "person" not in value and KARI not in value
    choice = client.client.post("/lettlest", data={"easy_read": "on"}).headers["Set-Cookie"]
    assert "HttpOnly" in choice and "SameSite=Lax" in choice
