"""Consent in a real browser: give with a fresh login, withdraw without one, easy-read for a
verge, and keyboard only."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from app import db
from app.models import BrowserSession, Person
from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.consent.helpers import consent_of, participant_id
from tests.people import KARI


def log_in(page, name: str) -> None:
    page.locator(".account-banner__login").click()
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(name)).click()


def age_the_login(app, pid: str, seconds: int = 3600) -> None:
    """As if the person logged in an hour ago: the next sensitive step asks for a fresh login."""
    with app.app_context(), db.new_session() as s:
        person = s.scalar(select(Person).where(Person.pid == pid))
        for row in s.scalars(select(BrowserSession).where(BrowserSession.person_id == person.id)):
            row.data = {**row.data, "auth_time": time.time() - seconds}
        s.commit()


def wait_for_title(page, text: str) -> None:
    page.wait_for_selector(f"h1:has-text('{text}')")


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("en", True)], ids=["nb-standard", "en-easy-read"])
def test_kari_gives_consent_after_a_fresh_login_and_withdraws_it_without_one(
    app, live_server, context_factory, axe_source, locale, easy_read
):
    mode = "easy" if easy_read else "standard"
    nav = participant_id(app, KARI, "NAV Askøy")
    page = context_factory().new_page()
    set_preferences(page, live_server, locale, easy_read)
    log_in(page, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.locator("#main a[href='/samtykke']").click()  # Min side's own link, not the menu's
    page.wait_for_url(re.compile(r"/samtykke$"))
    assert run_axe(page, axe_source) == []
    screenshot(page, f"consent-overview-{locale}-{mode}")
    page.locator(f"a[href='/samtykke/{nav}/gi']").click()
    page.wait_for_url(re.compile(rf"/samtykke/{nav}/gi$"))
    assert run_axe(page, axe_source) == []
    # A mistake first: an end before the start. The message is at the field; nothing typed is lost.
    page.locator("#field-areas-work").check()
    page.locator("#field-valid_to").fill("01.01.2020")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith(("Feil: ", "Error: ", "Feil:"))
    assert page.locator("#field-areas-work").is_checked()
    assert run_axe(page, axe_source) == []
    screenshot(page, f"consent-give-error-{locale}-{mode}")
    page.locator("#field-valid_to").fill("31.12.2027")
    age_the_login(app, KARI)
    page.locator("form.stack button[type=submit]").click()
    # Giving needs a fresh login at level high: to the stand-in and back, with the form as it was.
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile("Kari Nordmann")).click()
    page.wait_for_url(re.compile(rf"/samtykke/{nav}/gi$"))
    assert page.locator("#field-areas-work").is_checked()
    assert page.locator("#field-valid_to").input_value() == "31.12.2027"
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"/samtykke(#service-\d+)?$"))
    page.wait_for_selector(".ds-alert[data-color=success]")
    assert consent_of(app, nav).areas == ["work"]
    screenshot(page, f"consent-given-{locale}-{mode}")
    # Withdrawing: one link, one button, no login, even though the login is old again.
    age_the_login(app, KARI)
    page.locator(f"a[href='/samtykke/{nav}/trekk-tilbake']").click()
    page.wait_for_url(re.compile(rf"/samtykke/{nav}/trekk-tilbake$"))
    assert run_axe(page, axe_source) == []
    screenshot(page, f"consent-withdraw-{locale}-{mode}")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector(".ds-alert[data-color=success]")
    assert consent_of(app, nav).status == "withdrawn"
    assert run_axe(page, axe_source) == []


def test_randi_reads_olas_consents_in_nynorsk_easy_read_and_stops_one(app, live_server, context_factory, axe_source):
    page = context_factory().new_page()
    set_preferences(page, live_server, "nn", easy_read=True)
    log_in(page, "Randi Berg")
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.locator("label", has_text="Ola Berg").click()
    page.locator("main form[action='/hvem-handler-du-for'] button[type=submit]").click()
    page.wait_for_selector(".account-banner__acting-for")
    page.goto(live_server + "/samtykke")
    wait_for_title(page, "Kven kan dele kva om Ola Berg")
    main = page.locator("main").inner_text()
    assert "Heimetenesta" in main and "Dagsenteret i Gaupne" in main
    # A pictogram for every area: Heimetenesta's two and Dagsenteret's one.
    assert page.locator(".area-list li .pictogram").count() == page.locator(".area-list li").count() == 3
    assert run_axe(page, axe_source) == []
    screenshot(page, "consent-overview-ola-by-randi-nn-easy")
    dagsenteret = participant_id(app, "03899807153", "Dagsenteret i Gaupne")
    page.locator(f"a[href='/samtykke/{dagsenteret}/trekk-tilbake']").click()
    wait_for_title(page, "Sei stopp for Dagsenteret i Gaupne")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector(".ds-alert[data-color=success]")
    page.goto(live_server + "/samtykke/historikk")
    assert "Randi Berg" not in page.locator(".timeline__event").first.inner_text()  # "deg": she did it herself
    assert run_axe(page, axe_source) == []
    screenshot(page, "consent-history-ola-by-randi-nn-easy")


def test_kari_narrows_a_consent_with_the_keyboard_only(app, live_server, context_factory, axe_source):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    page = context_factory().new_page()
    page.goto(live_server + "/")
    log_in(page, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    page.goto(live_server + "/samtykke")
    age_the_login(app, KARI)  # narrowing never asks for a login

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    tab_to(f"a[href='/samtykke/{fastlegen}/endre']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/samtykke/{fastlegen}/endre$"))
    tab_to("#field-areas-daily-living")
    page.keyboard.press("Space")
    tab_to("form.stack button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".ds-alert[data-color=success]")
    assert consent_of(app, fastlegen).areas == ["health"]
    focused = page.evaluate("() => document.activeElement && document.activeElement.tagName")
    assert focused == "DIV"  # focus moved to the notice that says what happened, not lost at the top
    assert page.evaluate("() => document.activeElement.matches('[data-notice]')")
    screenshot(page, "consent-narrowed-by-keyboard")


def test_the_consent_page_reflows_at_320_pixels(app, live_server, context_factory):
    for easy_read in (False, True):
        page = context_factory(width=320, height=800).new_page()
        set_preferences(page, live_server, "nb", easy_read)
        log_in(page, "Kari Nordmann")
        page.wait_for_url(re.compile(r"/min-side$"))
        for path in ("/samtykke", "/samtykke/historikk", f"/samtykke/{participant_id(app, KARI, 'NAV Askøy')}/gi"):
            page.goto(live_server + path)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} easy_read={easy_read} scrolls sideways by {overflow}px"
        page.goto(live_server + "/samtykke")
        screenshot(page, f"consent-overview-320-{'easy' if easy_read else 'standard'}")
