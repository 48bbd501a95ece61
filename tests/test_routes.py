"""Code-level checks over every route: typed arguments, kebab-case URLs, every page checked.

Who may use a route is checked in tests/policy/test_route_policy.py."""

from __future__ import annotations

import re

import pytest

from tests.auth.sessions import log_in_test_client
from tests.pages import (
    AUTH_ERROR_PAGES,
    DOWNLOADS,
    LOCALES,
    LOGGED_IN_PAGES,
    PROTOCOL_ENDPOINTS,
    PUBLIC_PAGES,
    STAFF_PAGES,
    WITHOUT_A_PLAN_PAGES,
)


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_url_argument_has_a_converter(app):
    untyped = [rule.rule for rule in _rules(app) if re.search(r"<(?![a-z]+:)[^>]+>", rule.rule)]
    assert untyped == []


def test_every_url_is_kebab_case(app):
    offenders = [
        rule.rule
        for rule in _rules(app)
        # A file to download may end in its type: /samtykke/kvittering.json
        # FHIR's REST API names its resource types as the standard spells them (/fhir/CarePlan).
        if not rule.rule.startswith("/fhir/")
        and not re.fullmatch(r"(/([a-z0-9]+(-[a-z0-9]+)*(\.[a-z]+)?|<[a-z]+:[a-z_]+>(\.[a-z]+)?))*/?", rule.rule)
    ]
    assert offenders == []


def test_every_page_without_arguments_is_in_the_page_list(app):
    listed = {endpoint for endpoint, _ in PUBLIC_PAGES + LOGGED_IN_PAGES + WITHOUT_A_PLAN_PAGES + STAFF_PAGES}
    listed |= PROTOCOL_ENDPOINTS | DOWNLOADS
    get_pages = {rule.endpoint for rule in _rules(app) if "GET" in rule.methods and not rule.arguments}
    assert get_pages - listed == set()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_page_passes_the_page_checks(client, locale, easy_read):
    with client.client.session_transaction() as session:
        session["locale"] = locale
        session["easy_read"] = easy_read
    for endpoint, values in PUBLIC_PAGES:
        response = client.get_page(endpoint, **values)
        assert response.status_code == 200, endpoint
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale}"' in html
        assert ('class="easy-read"' in html) == easy_read
        fragment = client.get_page(endpoint, htmx=True, **values)
        assert fragment.status_code == 200
        assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_logged_in_page_passes_the_page_checks(app, client, locale, easy_read):
    log_in_test_client(app, client, locale=locale, easy_read=easy_read)
    for endpoint, values in LOGGED_IN_PAGES + PUBLIC_PAGES:
        response = client.get_page(endpoint, **values)
        assert response.status_code == 200, endpoint
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale}"' in html and ('class="easy-read"' in html) == easy_read
        assert 'action="/logg-ut"' in html, f"{endpoint} has no logout button"
        assert client.get_page(endpoint, htmx=True, **values).status_code == 200


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_login_error_pages_pass_the_page_checks(client, locale, easy_read):
    with client.client.session_transaction() as session:
        session["locale"] = locale
        session["easy_read"] = easy_read
    for path, status, kind in AUTH_ERROR_PAGES:
        response = client.get(path)
        assert response.status_code == status, kind
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale}"' in html and ('class="easy-read"' in html) == easy_read
