"""Long text in the browser: a character count instead of a field that silently stops taking what
is typed or pasted (GOV.UK's character count), a static hint without JavaScript, the server's
refusal keeping every word; and every error, a group's or a field's, said in one colour and weight."""

from __future__ import annotations

import re

from tests.browser.conftest import run_axe, screenshot
from tests.browser.test_acting_for import log_in_at_stand_in


def _log_in(context_factory, live_server, javascript=True):
    page = context_factory(javascript=javascript).new_page()
    page.goto(live_server + "/")
    log_in_at_stand_in(page, live_server, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/min-side$"))
    return page


def test_the_count_follows_what_is_typed_and_says_when_it_is_too_long(live_server, context_factory, axe_source):
    page = _log_in(context_factory, live_server)
    page.goto(live_server + "/hva-er-viktig/viktig")
    shown = page.locator("#field-important ~ [data-character-count-shown]")
    live = page.locator("#field-important ~ [data-character-count-live]")
    assert shown.inner_text() == "Du har 2000 tegn igjen."
    assert page.locator("#field-important-count").bounding_box()["height"] <= 1
    assert page.locator("#field-important").get_attribute("maxlength") is None
    assert run_axe(page, axe_source) == []

    page.locator("#field-important").press_sequentially("Hei 👋🏽")  # six code points, as the server counts
    assert shown.inner_text() == "Du har 1994 tegn igjen."
    # Pasting far too much: all of it stays, and the count says by how much.
    page.locator("#field-important").fill("å" * 2005)
    page.locator("#field-important").press("End")
    page.locator("#field-important").press_sequentially("!")
    assert shown.inner_text() == "Du har 6 tegn for mye."
    assert "character-count__status--over" in shown.get_attribute("class")
    # A screen reader hears it once typing pauses, not at every key.
    page.wait_for_function(
        "() => document.querySelector('[data-character-count-live]').textContent === 'Du har 6 tegn for mye.'"
    )
    assert live.get_attribute("aria-live") == "polite"
    assert run_axe(page, axe_source) == []
    screenshot(page, "character-count-over")

    page.locator(".wizard__buttons button[type=submit]").click()
    page.wait_for_selector(".ds-error-summary")
    assert page.locator("#field-important").input_value() == "å" * 2005 + "!"
    assert page.locator("#field-important-error").inner_text() == (
        "Teksten har 6 tegn for mye. Du kan skrive opptil 2000 tegn. Alt du skrev, står der fortsatt."
    )
    # On the page htmx put in place too: the live count on screen, the hint for screen readers only.
    assert page.locator("#field-important ~ [data-character-count-shown]").inner_text() == "Du har 6 tegn for mye."
    assert page.locator("#field-important-count").bounding_box()["height"] <= 1
    assert page.locator(".ds-error-summary a").inner_text().startswith("Hva er viktig for deg? Teksten har 6 tegn")
    assert run_axe(page, axe_source) == []
    screenshot(page, "character-count-refused")


def test_without_javascript_the_hint_says_how_much_fits_and_nothing_pasted_is_cut(live_server, context_factory):
    page = _log_in(context_factory, live_server, javascript=False)
    page.goto(live_server + "/hva-er-viktig/viktig")
    assert page.locator("#field-important-count").inner_text() == "Du kan skrive opptil 2000 tegn."
    assert page.locator("[data-character-count-shown]").count() == 0
    page.locator("#field-important").fill("x" * 2100)
    page.locator(".wizard__buttons button[type=submit]").click()
    page.wait_for_selector(".ds-error-summary")
    assert page.locator("#field-important").input_value() == "x" * 2100
    assert page.locator("#field-important-error").inner_text().startswith("Teksten har 100 tegn for mye.")
    screenshot(page, "character-count-no-js")


def test_a_group_error_looks_like_a_field_error(live_server, context_factory, axe_source):
    page = _log_in(context_factory, live_server)
    page.goto(live_server + "/plan")
    page.locator("a[href*='/plan/mal/']").first.click()
    page.wait_for_url(re.compile(r"/plan/mal/[0-9]+$"))
    page.locator("#field-comment").fill("x" * 2001)
    page.locator("form.evaluation button[type=submit]").click()
    page.wait_for_selector("#rating-error")
    style = "e => { const s = getComputedStyle(e); return [s.color, s.fontWeight, getComputedStyle(e, '::before').maskImage]; }"
    group, field = page.locator("#rating-error").evaluate(style), page.locator("#field-comment-error").evaluate(style)
    hint = page.locator(".character-count__status").first.evaluate("e => getComputedStyle(e).color")
    assert group == field and group[0] != hint
    assert run_axe(page, axe_source) == []
    screenshot(page, "errors-group-and-field")
