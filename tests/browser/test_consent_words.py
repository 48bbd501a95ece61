"""Plain and calm words in a real browser: the complete consent summary, Back after withdrawing,
the fullmakt list and the access log as Kari, and the read-only note as Nils, who holds a
read-only fullmakt from her; nb and Nynorsk easy-read, axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.browser.test_acting_for import log_in_at_stand_in

MODES = pytest.mark.parametrize("locale, easy_read", [("nb", False), ("nn", True)], ids=["nb-standard", "nn-easy-read"])


def _name(locale: str, easy_read: bool) -> str:
    return f"{locale}-{'easy' if easy_read else 'standard'}"


@MODES
def test_kari_reads_the_whole_summary_is_told_calmly_after_back_and_reads_whom_she_gave_a_fullmakt(
    live_server, context_factory, axe_source, locale, easy_read
):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    log_in_at_stand_in(page, live_server, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.goto(live_server + "/samtykke")
    summary = page.locator(".consent-summary")
    # Fysioterapitjenesten and Fastlegen share health, Fastlegen alone daily life, and the plan consent.
    assert summary.locator(".consent-summary__area").count() == 2
    assert "Fastlegen" in summary.locator(".consent-summary__area").nth(1).inner_text()
    assert summary.locator(".consent-summary__plan").count() == 1
    if easy_read:
        assert summary.locator("li img.pictogram").count() == 3  # one pictogram a line
    assert run_axe(page, axe_source) == []
    screenshot(page, f"consent-summary-kari-{_name(locale, easy_read)}")

    # Withdraw Fastlegen, then Back to the form and send it again: told calmly what is true now.
    page.locator("a[href$='/trekk-tilbake']").nth(1).click()
    page.wait_for_url(re.compile(r"/samtykke/\d+/trekk-tilbake$"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/samtykke(#service-\d+)?$"))
    assert summary.locator(".consent-summary__area").count() == 1  # health, Fysioterapitjenesten alone
    page.go_back()
    # The browser asks for the withdrawal page anew, which leads to what is true now (had it shown
    # the old form again, sending it would say the same).
    page.wait_for_selector(
        "main form[action$='/trekk-tilbake'] button[type=submit], [data-notice][data-color=info]:has-text('Fastlegen')"
    )
    if page.locator("main form[action$='/trekk-tilbake']").count():
        page.locator("main form[action$='/trekk-tilbake'] button[type=submit]").click()
        page.wait_for_selector("[data-notice][data-color=info]:has-text('Fastlegen')")
    notice = page.locator("[data-notice][data-color=info]").inner_text()
    assert "Fastlegen" in notice and re.search(r"\d\d[:.]\d\d", notice)
    assert "noen andre" not in notice and "nokon andre" not in notice
    assert run_axe(page, axe_source) == []
    screenshot(page, f"consent-back-after-withdrawing-{_name(locale, easy_read)}")

    page.goto(live_server + "/fullmakter")
    assert "Nils Lund" in page.locator(".fullmakt").inner_text()
    assert run_axe(page, axe_source) == []
    screenshot(page, f"fullmakt-list-kari-{_name(locale, easy_read)}")
    page.locator(".fullmakt form button[type=submit]").click()
    page.wait_for_selector("[data-notice][data-color=success]:has-text('Nils Lund')")
    assert page.locator(".fullmakt form").count() == 0
    screenshot(page, f"fullmakt-list-withdrawn-kari-{_name(locale, easy_read)}")
    page.goto(live_server + "/tilgangslogg")
    assert "Nils Lund" in page.locator(".access-log").inner_text()
    assert run_axe(page, axe_source) == []
    screenshot(page, f"access-log-kari-{_name(locale, easy_read)}")


@MODES
def test_nils_with_a_read_only_fullmakt_is_told_that_he_may_only_read(
    live_server, context_factory, axe_source, locale, easy_read
):
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    log_in_at_stand_in(page, live_server, "Nils Lund")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.get_by_role("radio", name=re.compile("Kari Nordmann")).check()
    page.locator("main form[action='/hvem-handler-du-for'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/min-side$"))
    expect(page.locator(".acting-for")).to_contain_text("Kari Nordmann")
    for path, shot in (("/plan", "plan"), ("/samtykke", "consent")):
        page.goto(live_server + path)
        note = page.locator(".access-scope")
        assert note.count() == 1, page.locator("body").inner_text()[:1500]
        expect(note).to_be_visible()
        assert "Kari Nordmann" in note.inner_text()
        assert page.locator("main form[method=post]").count() == 0
        assert run_axe(page, axe_source) == []
        screenshot(page, f"read-only-{shot}-nils-{_name(locale, easy_read)}")
    page.goto(live_server + "/fullmakter")
    assert "Kari Nordmann" in page.locator(".fullmakt").inner_text()
    assert run_axe(page, axe_source) == []
    screenshot(page, f"fullmakt-list-nils-{_name(locale, easy_read)}")
