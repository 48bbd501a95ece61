"""Acting on behalf of someone, in the browser: the journeys a person would take."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.people import EMMA, RANDI


def log_in_at_stand_in(page, base_url: str, name: str) -> None:
    page.locator(".account-banner__login").click()
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(name)).click()


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("en", True)], ids=["nb-standard", "en-easy-read"])
def test_per_is_asked_whom_to_act_for_and_acts_for_emma_by_keyboard(
    live_server, context_factory, axe_source, locale, easy_read
):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    log_in_at_stand_in(page, live_server, "Per Hansen")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    assert run_axe(page, axe_source) == []
    screenshot(page, f"choose-whom-{locale}-{'easy' if easy_read else 'standard'}")
    # Jonas turned 16: he is not a choice, and the page says why.
    assert page.locator("input[type=radio]").count() == 2
    assert "Jonas Hansen" in page.locator("main").inner_text()
    page.locator("input[type=radio]").nth(1).focus()  # the second choice: Emma
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.wait_for_selector(".account-banner__acting-for")
    banner = page.locator(".acting-for").inner_text()
    assert "Emma Hansen" in banner
    assert run_axe(page, axe_source) == []
    screenshot(page, f"acting-for-emma-{locale}-{'easy' if easy_read else 'standard'}")


def test_choosing_nobody_shows_the_error_summary_and_keeps_the_page(live_server, page, axe_source):
    page.goto(live_server + "/")
    log_in_at_stand_in(page, live_server, "Per Hansen")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.locator("input[type=radio]:checked").evaluate("e => e.checked = false")
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Feil: ")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert run_axe(page, axe_source) == []
    page.locator("[data-error-summary] a").click()
    assert page.evaluate("() => document.activeElement.id") == "subject-self"


def test_the_owner_reads_the_access_log(live_server, context_factory, axe_source):
    page = context_factory().new_page()
    page.goto(live_server + "/")
    log_in_at_stand_in(page, live_server, "Randi Berg")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.locator("label", has_text="Ola Berg").click()
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url(re.compile(r"/min-side$"))
    page.get_by_role("link", name=re.compile("Se hvem som har sett og endret planen til Ola Berg")).click()
    page.wait_for_url(re.compile(r"/tilgangslogg$"))
    assert "Randi Berg, verge" in page.locator("main").inner_text()
    assert run_axe(page, axe_source) == []
    screenshot(page, "access-log-randi-for-ola")


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("nn", True)], ids=["nb-standard", "nn-easy-read"])
def test_kari_gives_and_withdraws_a_fullmakt_in_the_browser(
    live_server, context_factory, axe_source, locale, easy_read
):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    log_in_at_stand_in(page, live_server, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.goto(live_server + "/fullmakter")
    assert run_axe(page, axe_source) == []
    page.locator("a[href='/fullmakter/ny']").click()
    page.wait_for_url(re.compile(r"/fullmakter/ny$"))
    assert run_axe(page, axe_source) == []
    # First a mistake: a child's number. The message is at the field; what was typed stays.
    page.locator("#field-pid").fill(EMMA)
    page.locator("#field-name").fill("Emma Hansen")
    page.locator("#field-scopes-read").check()
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.locator("#field-name").input_value() == "Emma Hansen"
    assert run_axe(page, axe_source) == []
    screenshot(page, f"fullmakt-error-{locale}-{'easy' if easy_read else 'standard'}")
    page.locator("#field-pid").fill(RANDI)
    page.locator("#field-name").fill("Randi Berg")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fullmakter$"))
    page.wait_for_selector(".ds-alert[data-color=success]")
    screenshot(page, f"fullmakt-given-{locale}-{'easy' if easy_read else 'standard'}")
    # The newest first: Randi's. Withdrawing it is one press.
    page.locator("form[action$='/trekk-tilbake'] button").first.click()
    page.wait_for_function("() => document.querySelectorAll(\"form[action$='/trekk-tilbake']\").length === 1")
    assert "Nils Lund" in page.locator("form[action$='/trekk-tilbake'] button").inner_text()
    assert run_axe(page, axe_source) == []


def test_nils_reads_saras_plan_without_her_private_goal_in_easy_read(live_server, context_factory, axe_source):
    page = context_factory().new_page()
    set_preferences(page, live_server, "nb", easy_read=True)
    log_in_at_stand_in(page, live_server, "Nils Lund")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.locator("label", has_text="Sara Lund").click()
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_selector(".account-banner__acting-for")
    page.get_by_role("link", name="Se planen til Sara Lund").click()
    page.wait_for_url(re.compile(r"/plan$"))
    page.wait_for_selector("h1:has-text('Planen til Sara Lund')")
    main = page.locator("main").inner_text()
    assert "skoledag" in main and "mamma og pappa" not in main
    assert run_axe(page, axe_source) == []
    screenshot(page, "plan-sara-seen-by-nils-easy")
