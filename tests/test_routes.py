"""Code-level checks over every route: declared access, typed arguments, kebab-case URLs."""
from __future__ import annotations

import re

import pytest

from app.policy import declared_capability
from tests.pages import LOCALES, PUBLIC_PAGES


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.rule for rule in _rules(app) if declared_capability(app.view_functions[rule.endpoint]) is None]
    assert undeclared == []


def test_every_url_argument_has_a_converter(app):
    untyped = [rule.rule for rule in _rules(app) if re.search(r"<(?![a-z]+:)[^>]+>", rule.rule)]
    assert untyped == []


def test_every_url_is_kebab_case(app):
    offenders = [
        rule.rule for rule in _rules(app)
        if not re.fullmatch(r"(/([a-z0-9]+(-[a-z0-9]+)*|<[a-z]+:[a-z_]+>))*/?", rule.rule)
    ]
    assert offenders == []


def test_every_page_without_arguments_is_in_the_page_list(app):
    listed = {endpoint for endpoint, _ in PUBLIC_PAGES}
    get_pages = {
        rule.endpoint for rule in _rules(app) if "GET" in rule.methods and not rule.arguments
    }
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
