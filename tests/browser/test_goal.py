""" "Hvordan går det?" and changing a goal in the browser: with htmx and without JavaScript, by
keyboard, in standard and easy-read mode, and two people changing the same goal at once."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.browser.test_acting_for import log_in_at_stand_in


def _log_in(context_factory, live_server, name, locale="nb", easy_read=False, javascript=True):
    page = context_factory(javascript=javascript).new_page()
    set_preferences(page, live_server, locale, easy_read) if javascript else page.goto(live_server + "/")
    log_in_at_stand_in(page, live_server, name)
    page.wait_for_url(re.compile(r"/(min-side|hvem-handler-du-for)$"))
    return page


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("nn", True)], ids=["nb-standard", "nn-easy-read"])
def test_ola_says_how_a_goal_goes_by_keyboard(live_server, context_factory, axe_source, locale, easy_read):
    page = _log_in(context_factory, live_server, "Ola Berg", locale, easy_read)
    page.goto(live_server + "/plan")
    link = page.locator("a[href*='/plan/mal/']").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plan/mal/[0-9]+$"))
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'")
    assert run_axe(page, axe_source) == []
    # Send with no choice: the error summary gets focus, nothing is lost.
    page.locator("#field-comment").fill("Eg var på kino i går")
    page.locator("form.evaluation button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".ds-error-summary")
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert page.locator("#field-comment").input_value() == "Eg var på kino i går"
    assert page.title().startswith("Feil:")
    assert run_axe(page, axe_source) == []
    screenshot(page, f"goal-error-{locale}-{'easy' if easy_read else 'standard'}")
    page.locator("#rating-good").focus()
    page.keyboard.press("Space")
    page.locator("form.evaluation button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".ds-alert[data-color=success]")
    history = page.locator("#history-heading + ol").inner_text()
    assert "Eg var på kino i går" in history
    assert run_axe(page, axe_source) == []
    screenshot(page, f"goal-saved-{locale}-{'easy' if easy_read else 'standard'}")


def test_without_javascript_a_verge_changes_olas_goal_and_a_second_tab_is_stopped(live_server, context_factory):
    page = _log_in(context_factory, live_server, "Randi Berg", javascript=False)
    page.locator("label", has_text="Ola Berg").click()
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url(re.compile(r"/min-side$"))
    page.goto(live_server + "/plan")
    page.locator("a[href*='/plan/mal/']").first.click()
    goal_url = page.url
    page.get_by_role("link", name="Endre målet").click()
    edit_url = page.url
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)  # the same form, read before the first change
    page.locator("#field-needs").fill("Nokon som kjøyrer meg til kinoen")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(goal_url)
    assert "Endringen er lagret." in page.locator("main").inner_text()
    other_tab.locator("#field-needs").fill("Billett til kinoen")
    other_tab.get_by_role("button", name="Lagre").click()
    main = other_tab.locator("main").inner_text()
    assert "Målet ble endret mens du skrev" in main
    assert (
        "Nokon som kjøyrer meg til kinoen" in main and "av deg, i et annet vindu" in main
    )  # what the other change says
    assert other_tab.locator("#field-needs").input_value() == "Billett til kinoen"  # what I wrote, kept
    screenshot(other_tab, "goal-conflict-nb")


def test_after_proposing_a_topic_the_saved_notice_far_down_the_plan_gets_focus_and_is_in_view(
    live_server, context_factory, axe_source
):
    """htmx follows the redirect without its #fragment, so the notice itself is the focus target."""
    page = _log_in(context_factory, live_server, "Kari Nordmann", "en", easy_read=True)
    page.goto(live_server + "/plan")
    page.get_by_role("link", name="Propose something to talk about at the meeting").click()
    page.wait_for_url(re.compile(r"/tema$"))
    page.locator("#field-topic").fill("Transport to training")
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plan$"))
    page.wait_for_function("() => document.activeElement && document.activeElement.hasAttribute('data-notice')")
    assert "The topic has been saved" in page.evaluate("document.activeElement.textContent")
    # Scrolled to, not left below the fold (it sits ~2300 px down the page).
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-notice]').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=3000,
    )
    assert run_axe(page, axe_source) == []
    screenshot(page, "plan-topic-saved-en-easy")
