"""Asking for an individuell plan in a real browser, by keyboard only: in from the front door's own
"Logg inn", from Min side to the form, a refused form answered at its fields, the check page,
the receipt, and Min side saying the request was sent; axe on every page, in Bokmål and in
Nynorsk easy-read."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import run_axe, screenshot, set_preferences

WORDS = {
    "nb": "Jeg vil klare meg hjemme, og komme meg ut 🙂",
    "nn": "Eg vil klare meg heime, og kome meg ut 🙂",
}


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element `selector` names has focus, as a keyboard user moves."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _settled(page, url: str) -> None:
    page.wait_for_url(re.compile(url))
    page.wait_for_selector("main[data-page-title]")


def log_in_from_the_front_door(page, live_server: str, name: str) -> None:
    page.goto(live_server + "/")
    tab_to(page, "main a[href='/logg-inn']")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(name)).focus()  # the ID-porten stand-in, not our page
    page.keyboard.press("Enter")


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("nn", True)], ids=["nb-standard", "nn-easy-read"])
def test_arne_asks_for_a_plan_by_keyboard_only(live_server, context_factory, axe_source, locale, easy_read):
    shot = f"{locale}-{'easy' if easy_read else 'standard'}"
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    assert run_axe(page, axe_source) == []
    screenshot(page, f"front-visitor-{shot}")
    log_in_from_the_front_door(page, live_server, "Arne Vik")
    _settled(page, r"/min-side$")
    assert run_axe(page, axe_source) == []
    screenshot(page, f"my-page-arne-{shot}")
    assert (
        page.locator("main a[href='/plan']").count() == 0 and page.locator("main a[href='/tilgangslogg']").count() == 0
    )

    tab_to(page, "main a[href='/be-om-plan']")
    page.keyboard.press("Enter")
    _settled(page, r"/be-om-plan$")
    assert run_axe(page, axe_source) == []
    screenshot(page, f"plan-request-form-{shot}")

    # Sent without choosing how to be reached: the summary takes focus, the words stay.
    tab_to(page, "#field-wish")
    page.keyboard.type(WORDS[locale])
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert page.locator("#field-wish").input_value() == WORDS[locale]
    assert page.locator("#field-contact_by-error").is_visible()
    assert run_axe(page, axe_source) == []
    screenshot(page, f"plan-request-errors-{shot}")

    # The summary's link leads to the choice; Space chooses "phone", the number is typed.
    tab_to(page, "[data-error-summary] a[href='#field-contact_by']")
    page.keyboard.press("Enter")
    tab_to(page, "#field-contact_by-phone")
    page.keyboard.press("Space")
    tab_to(page, "#field-contact_phone")
    page.keyboard.type("912 34 567")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    _settled(page, r"/be-om-plan/se-over$")
    main = page.locator("main").inner_text()
    assert WORDS[locale] in main and "912 34 567" in main
    assert run_axe(page, axe_source) == []
    screenshot(page, f"plan-request-check-{shot}")

    tab_to(page, "main form[action='/be-om-plan/send'] button:not([name])")
    page.keyboard.press("Enter")
    _settled(page, r"/be-om-plan/sendt$")
    receipt = page.locator("main").inner_text()
    assert str(date.today().year) in receipt and WORDS[locale] not in receipt  # the date, not the words again
    assert page.locator("main a[href='/hva-er-viktig']").count() == 1  # the optional next step
    assert run_axe(page, axe_source) == []
    screenshot(page, f"plan-request-sent-{shot}")

    tab_to(page, "main a[href='/min-side']")
    page.keyboard.press("Enter")
    _settled(page, r"/min-side$")
    assert page.locator("main a[href='/be-om-plan/sendt']").count() == 1
    assert page.locator("main a[href='/be-om-plan']").count() == 0
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_the_front_door_and_the_form_fit_the_screen(live_server, context_factory, axe_source, width):
    """At 320 px nothing scrolls sideways and the in-page login is on the first screen."""
    page = context_factory(width=width, height=800, javascript=False).new_page()
    page.goto(live_server + "/")
    login = page.locator("main a[href='/logg-inn']")
    assert login.is_visible()
    box = login.bounding_box()
    assert box["y"] + box["height"] <= 800 * 1.5, "the in-page login is far below the first screen"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, f"front-visitor-{width}")


def test_arne_asks_for_a_plan_without_javascript(live_server, context_factory):
    page = context_factory(javascript=False).new_page()
    log_in_from_the_front_door(page, live_server, "Arne Vik")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.locator("main a[href='/be-om-plan']").click()
    page.wait_for_url(re.compile(r"/be-om-plan$"))
    page.locator("#field-contact_by-email").check()
    page.locator("#field-contact_email").fill("arne@eksempel.no")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main form[action='/be-om-plan/send']")
    page.locator("main form[action='/be-om-plan/send'] button:not([name])").click()
    page.wait_for_url(re.compile(r"/be-om-plan/sendt$"))
    assert "arne@eksempel.no" not in page.locator("main").inner_text()  # the receipt shows no contact details
    page.go_back()  # Back to the check page: it is sent, so the receipt, never a second request
    page.wait_for_url(re.compile(r"/be-om-plan/sendt$"))
    assert page.locator("main form[action='/be-om-plan/send']").count() == 0
