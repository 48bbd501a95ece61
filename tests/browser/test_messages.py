"""Messages from both sides, by keyboard, in a real browser: Ola Berg in his own Nynorsk easy-read
sends an empty message (told what to fix, at the field) and then a real one; Ingrid Myklebust,
his coordinator, sees it counted on her caseload, reads it and answers; Ola's Min side says a
message is new, with its pictogram, and he reads the answer. Kari Nordmann writes in Bokmål.
axe on every page on both sides."""

from __future__ import annotations

from tests.browser.conftest import run_axe, screenshot
from tests.browser.test_acting_for import log_in_at_stand_in
from tests.browser.test_case_journey import settled, staff_logs_in
from tests.staff.sessions import LUSTER_COORDINATOR

OLAS_WORDS = "Kan du ringje meg i morgon?"
ANSWER = "Ja, eg ringjer deg klokka ti."
KARIS_WORDS = "Takk for sist. Jeg har et spørsmål om tiltaket."


def clean(page, axe_source: str, name: str) -> None:
    assert run_axe(page, axe_source) == [], name
    screenshot(page, f"messages-{name}")


def send_by_keyboard(page, words: str) -> None:
    """Type into the writing box and send with Enter on the button, as a keyboard user does."""
    page.locator("#field-text").focus()
    if words:
        page.keyboard.type(words)
    page.locator("form#write button[type=submit]").focus()
    page.keyboard.press("Enter")


def test_ola_and_his_coordinator_write_to_each_other_by_keyboard(live_server, context_factory, axe_source):
    ola = context_factory().new_page()
    ola.goto(live_server + "/")
    log_in_at_stand_in(ola, live_server, "Ola Berg")
    settled(ola, r"/min-side$")
    assert ola.locator("html.easy-read[lang=nn]").count() == 1
    ola.locator("nav a[href='/meldinger']").first.focus()
    ola.keyboard.press("Enter")
    settled(ola, r"/meldinger$")
    assert ola.locator("main .page-heading img.pictogram").count() == 1
    assert ola.locator("[data-character-count]").count() == 1
    clean(ola, axe_source, "ola-empty-nn-easy")

    send_by_keyboard(ola, "")
    ola.wait_for_selector("[data-error-summary]")
    assert ola.locator("#field-text[aria-invalid=true]").count() == 1
    clean(ola, axe_source, "ola-422-nn-easy")
    send_by_keyboard(ola, OLAS_WORDS)
    ola.wait_for_selector(f"main .message__text:has-text('{OLAS_WORDS}')")
    clean(ola, axe_source, "ola-sent-nn-easy")

    ingrid = context_factory().new_page()
    staff_logs_in(ingrid, live_server, LUSTER_COORDINATOR)
    settled(ingrid, r"/ansatt/$")
    ingrid.goto(live_server + "/ansatt/planer")
    settled(ingrid, r"/ansatt/planer$")
    need = ingrid.locator("main table tbody tr", has_text="Ola Berg").locator("[data-need='unread_messages'] a")
    assert need.count() == 1
    clean(ingrid, axe_source, "ingrid-caseload")
    need.focus()
    ingrid.keyboard.press("Enter")
    settled(ingrid, r"/ansatt/planer/\d+/meldinger$")
    assert OLAS_WORDS in ingrid.locator("main").inner_text()
    clean(ingrid, axe_source, "ingrid-conversation")
    send_by_keyboard(ingrid, ANSWER)
    ingrid.wait_for_selector(f"main .message__text:has-text('{ANSWER}')")
    clean(ingrid, axe_source, "ingrid-answered")

    ola.goto(live_server + "/min-side")
    settled(ola, r"/min-side$")
    new = ola.locator("main a[href='/meldinger']")
    assert new.count() == 1 and ola.locator("main img[src*='message']").count() >= 1
    clean(ola, axe_source, "ola-my-page-new-message")
    new.focus()
    ola.keyboard.press("Enter")
    settled(ola, r"/meldinger$")
    assert ANSWER in ola.locator("main").inner_text() and "Ingrid Myklebust" in ola.locator("main").inner_text()
    clean(ola, axe_source, "ola-reads-answer-nn-easy")


def test_kari_writes_in_bokmal(live_server, context_factory, axe_source):
    kari = context_factory().new_page()
    kari.goto(live_server + "/")
    log_in_at_stand_in(kari, live_server, "Kari Nordmann")
    settled(kari, r"/min-side$")
    kari.goto(live_server + "/meldinger")
    settled(kari, r"/meldinger$")
    assert kari.locator("html[lang=nb]:not(.easy-read)").count() == 1
    clean(kari, axe_source, "kari-nb")
    send_by_keyboard(kari, KARIS_WORDS)
    kari.wait_for_selector(f"main .message__text:has-text('{KARIS_WORDS}')")
    assert kari.locator("main details.message__withdraw summary").count() == 1
    clean(kari, axe_source, "kari-sent-nb")
