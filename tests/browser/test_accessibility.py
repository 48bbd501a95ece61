"""axe-core (WCAG 2.2 AA tags) finds nothing on any page, in any language, in either mode."""

from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.conftest import PageClient
from tests.pages import LOCALES, PUBLIC_PAGES


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_no_page_has_accessibility_violations(app, live_server, context_factory, axe_source, locale, easy_read):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    urls = PageClient(app.test_client(), app)
    failures = {}
    for endpoint, values in PUBLIC_PAGES:
        path = urls.url(endpoint, **values)
        page.goto(live_server + path)
        violations = run_axe(page, axe_source)
        if violations:
            failures[path] = violations
    mode = "easy-read" if easy_read else "standard"
    page.goto(live_server + "/om-individuell-plan/koordinator")
    screenshot(page, f"koordinator-{locale}-{mode}")
    assert failures == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_error_pages_have_no_accessibility_violations(live_server, context_factory, axe_source, locale):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read=False)
    response = page.goto(live_server + "/finnes-ikke")
    assert response.status == 404
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("width", [320])
def test_pages_reflow_at_320_pixels_without_sideways_scrolling(app, live_server, context_factory, width):
    urls = PageClient(app.test_client(), app)
    for easy_read in (False, True):
        page = context_factory(width=width, height=800).new_page()
        set_preferences(page, live_server, "nb", easy_read)
        for endpoint, values in PUBLIC_PAGES:
            page.goto(live_server + urls.url(endpoint, **values))
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            culprits = page.evaluate(
                "() => [...document.querySelectorAll('#app *')]"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                ".map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40)).slice(0, 5)"
            )
            assert overflow <= 0, (
                f"{endpoint} {values} easy_read={easy_read} scrolls sideways by {overflow}px: {culprits}"
            )
        screenshot(page, f"contact-luster-320-{'easy' if easy_read else 'standard'}")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_the_front_door_min_side_and_asking_for_a_plan_have_no_violations(
    live_server, context_factory, axe_source, locale, easy_read
):
    """Logged in: the front page and Min side with a plan (Kari) and without (Arne), and every
    page of asking for a plan: the form, its errors, the check page and the receipt."""
    from tests.browser.test_plan_request import log_in_from_the_front_door

    failures = {}

    def check(page, name: str) -> None:
        page.wait_for_selector("main[data-page-title]")
        if violations := run_axe(page, axe_source):
            failures[name] = violations

    kari = context_factory().new_page()
    set_preferences(kari, live_server, locale, easy_read)
    log_in_from_the_front_door(kari, live_server, "Kari Nordmann")
    kari.wait_for_url(lambda url: url.endswith("/min-side"))
    check(kari, "min-side kari")
    kari.goto(live_server + "/")
    check(kari, "front page kari")

    arne = context_factory().new_page()
    set_preferences(arne, live_server, locale, easy_read)
    log_in_from_the_front_door(arne, live_server, "Arne Vik")
    arne.wait_for_url(lambda url: url.endswith("/min-side"))
    check(arne, "min-side arne")
    arne.goto(live_server + "/be-om-plan")
    check(arne, "request form")
    arne.locator("main form button[type=submit]").click()
    arne.wait_for_selector("[data-error-summary]")
    check(arne, "request form with errors")
    arne.locator("#field-contact_by-letter").check()
    arne.locator("main form button[type=submit]").click()
    arne.wait_for_url(lambda url: url.endswith("/be-om-plan/se-over"))
    check(arne, "request check")
    arne.locator("main form[action='/be-om-plan/send'] button:not([name])").click()
    arne.wait_for_url(lambda url: url.endswith("/be-om-plan/sendt"))
    check(arne, "request receipt")
    arne.goto(live_server + "/")
    check(arne, "front page arne")
    assert failures == {}
