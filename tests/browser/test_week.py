""" "Denne uka" in the browser: easy-read, in English, with nothing for axe to find."""

from __future__ import annotations

import re

from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.browser.test_acting_for import log_in_at_stand_in


def test_kari_reads_this_week_in_easy_read_english(live_server, context_factory, axe_source):
    page = context_factory().new_page()
    set_preferences(page, live_server, "en", easy_read=True)
    log_in_at_stand_in(page, live_server, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.goto(live_server + "/plan/denne-uka?uke=2026-W48")
    page.wait_for_selector("h1")
    main = page.locator("main").inner_text()
    assert "Monday, November 23, 2026" in main and "Hjelp med medisiner" in main
    lines = page.locator("main .visit p").count()  # the meeting's days depend on today, the lines do not
    assert lines > 0 and page.locator("main .visit p img.pictogram").count() == lines  # a pictogram a line
    assert run_axe(page, axe_source) == []
    page.get_by_role("link", name="Next week").click()
    page.wait_for_url(re.compile(r"uke=2026-W49$"))
    assert run_axe(page, axe_source) == []
    screenshot(page, "this-week-en-easy")
