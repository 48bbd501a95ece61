"""Logging in the way a person does: the button in the header, a demo person at TestID, Min side."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import open_menu, run_axe, screenshot, set_preferences
from tests.conftest import PageClient
from tests.pages import LOCALES, LOGGED_IN_PAGES


def log_in_as(page, base_url: str, name: str = "Kari Nordmann", axe_source: str | None = None) -> list:
    """Press "Logg inn", pick a demo person at TestID; returns axe's findings on TestID's page."""
    page.goto(base_url + "/")
    page.locator(".account-banner__login").click()
    page.wait_for_selector("text=Logg inn med TestID")
    violations = run_axe(page, axe_source) if axe_source else []
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(re.compile(r"/min-side$"))
    return violations


def test_a_person_logs_in_by_picking_a_demo_person_and_logs_out_again(live_server, page, axe_source):
    page.goto(live_server + "/")
    page.locator("#main").get_by_role("link", name="Logg inn").click()  # the front door's own login
    page.wait_for_selector("text=Logg inn med TestID")
    assert run_axe(page, axe_source) == []
    screenshot(page, "testid-login")
    page.get_by_role("button", name=re.compile("Kari Nordmann")).click()
    page.wait_for_url(re.compile(r"/min-side$"))
    assert page.locator("h1").inner_text() == "Min side"
    screenshot(page, "min-side-kari")
    open_menu(page)
    assert "Logget inn som Kari Nordmann" in page.locator(".account-banner").inner_text()
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(r"/logg-ut/ferdig"))
    assert page.locator("h1").inner_text() == "Du er logget ut"
    assert run_axe(page, axe_source) == []
    page.goto(live_server + "/min-side")
    page.wait_for_selector("text=Logg inn med TestID")  # logged out here and at ID-porten


def test_typing_a_number_works_and_a_malformed_one_is_explained(live_server, page, axe_source):
    page.goto(live_server + "/min-side")
    page.get_by_label("Fødselsnummer").fill("1283850251")
    page.get_by_role("button", name="Autentiser").click()
    page.wait_for_selector(".error-summary")
    assert "må være 11 siffer" in page.locator(".error-summary").inner_text()
    assert run_axe(page, axe_source) == []
    page.get_by_label("Fødselsnummer").fill("03899807153")
    page.get_by_role("button", name="Autentiser").click()
    page.wait_for_url(re.compile(r"/min-side$"))
    assert "Ola Berg" in page.locator("main").inner_text()


def test_login_and_logout_work_without_javascript(live_server, context_factory):
    page = context_factory(javascript=False).new_page()
    log_in_as(page, live_server, "Arne Vik")
    open_menu(page)  # a <details>: it opens without JavaScript
    page.get_by_role("button", name="Logg ut").click()
    # Without JavaScript the stand-in's page waits for the person to go back.
    page.get_by_role("link", name="Gå tilbake til tjenesten").click()
    page.wait_for_url(re.compile(r"/logg-ut/ferdig"))
    assert page.locator("h1").inner_text() == "Du er logget ut"


def test_cancelling_at_id_porten_gives_a_friendly_page(live_server, page, axe_source):
    page.goto(live_server + "/min-side")
    page.get_by_role("button", name="Avbryt innloggingen").click()
    page.wait_for_selector("h1:has-text('Du avbrøt innloggingen')")
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_logged_in_and_login_pages_have_no_accessibility_violations(
    app, live_server, context_factory, axe_source, locale, easy_read
):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    failures = {}
    if violations := log_in_as(page, live_server, axe_source=axe_source):
        failures["TestID"] = violations
    urls = PageClient(app.test_client(), app)
    for path in [urls.url(endpoint, **values) for endpoint, values in LOGGED_IN_PAGES] + ["/", "/kontakt/askoy"]:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("lang") == locale
        if violations := run_axe(page, axe_source):
            failures[path] = violations
    screenshot(page, f"min-side-{locale}-{'easy-read' if easy_read else 'standard'}")
    for path in ("/logg-inn/callback?code=x&state=old", "/logg-ut/ferdig?state=not-ours"):
        page.goto(live_server + path)
        if violations := run_axe(page, axe_source):
            failures[path] = violations
    assert failures == {}


def test_min_side_reflows_at_320_pixels(live_server, context_factory):
    page = context_factory(width=320, height=800).new_page()
    log_in_as(page, live_server)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "min-side-320")
