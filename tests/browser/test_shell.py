"""The shell on every page: navigation with and without JavaScript, language, easy-read, keyboard."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, set_preferences


def test_htmx_navigation_swaps_the_page_moves_focus_and_announces_it(live_server, page):
    page.goto(live_server + "/")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("link", name="Ordliste", exact=True).first.click()
    page.wait_for_url(re.compile(r"/ordliste$"))
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'")
    assert page.evaluate("() => window.__sameDocument") is True, "navigation reloaded the whole document"
    assert page.title() == "Ordliste – Min plan"
    page.wait_for_function("() => document.getElementById('page-announcer').textContent === 'Ordliste'")
    assert page.locator("#page-announcer").count() == 1


def test_a_page_in_another_language_sets_the_document_language(live_server, page):
    page.goto(live_server + "/kontakt")
    page.get_by_role("link", name="Luster", exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'nn'")
    assert page.locator(".ds-skip-link").inner_text() == "Hopp til hovudinnhaldet"
    page.get_by_role("navigation", name="Du er her").get_by_role("link", name="Kontakt kommunen").click()
    page.wait_for_function("() => document.documentElement.lang === 'nb'")


def test_a_glossary_link_takes_focus_to_the_word(live_server, page):
    page.goto(live_server + "/om-individuell-plan/hva-er-individuell-plan")
    page.locator("a.glossary-link").first.click()
    page.wait_for_url(re.compile(r"/ordliste#term-"))
    page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('term-')")


def test_back_and_forward_restore_the_pages(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Kontakt kommunen").first.click()
    page.wait_for_url(re.compile(r"/kontakt$"))
    page.get_by_role("link", name="Horten", exact=True).click()
    page.wait_for_url(re.compile(r"/kontakt/horten$"))
    page.wait_for_function("() => document.title === 'Kontakt Horten kommune – Min plan'")
    page.go_back()
    page.wait_for_function("() => document.title === 'Kontakt kommunen – Min plan'")
    assert page.locator("h1").inner_text() == "Kontakt kommunen"
    page.go_forward()
    page.wait_for_function("() => document.title === 'Kontakt Horten kommune – Min plan'")
    assert "975 50 356" in page.locator("main").inner_text()


def test_everything_works_without_javascript(live_server, context_factory):
    page = context_factory(javascript=False).new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Om individuell plan").first.click()
    page.wait_for_url(re.compile(r"/om-individuell-plan$"))
    page.locator(".site-menu > summary").click()  # the menu opens without JavaScript too
    page.locator('.language-switcher button[value="nn"]').click()
    page.wait_for_url(re.compile(r"/om-individuell-plan$"))
    assert page.locator("html").get_attribute("lang") == "nn"
    page.locator(".easy-read-toggle button").click()
    assert page.locator("html").get_attribute("class") == "easy-read"
    assert page.locator("[data-read-aloud]").is_hidden(), "read-aloud needs JavaScript and must stay hidden"
    screenshot(page, "topics-nn-easy-read-no-js")


def test_easy_read_is_remembered_across_pages_and_can_be_turned_off(live_server, page):
    set_preferences(page, live_server, "nb", easy_read=True)
    page.get_by_role("link", name="Kontakt kommunen").first.click()
    page.wait_for_url(re.compile(r"/kontakt$"))
    assert page.locator("html").get_attribute("class") == "easy-read"
    toggle = page.locator(".easy-read-toggle button")
    assert toggle.inner_text().strip() == "Slå av lettlest"  # says what pressing it will do
    toggle.click()
    page.wait_for_function("() => !document.documentElement.classList.contains('easy-read')")
    assert page.locator(".easy-read-toggle button").inner_text().strip() == "Slå på lettlest"


def test_keyboard_only_skip_link_language_and_easy_read(live_server, page):
    page.goto(live_server + "/kontakt")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "ds-skip-link"
    assert page.locator(".ds-skip-link").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    # Open the menu and reach the English button with Tab alone, and press it with the keyboard.
    page.goto(live_server + "/kontakt")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.matches('.site-menu > summary')"):
            break
    else:
        raise AssertionError("the menu cannot be reached by keyboard")
    page.keyboard.press("Enter")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.value") == "en":
            break
    else:
        raise AssertionError("the English button cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.easy-read-toggle')"):
            break
    else:
        raise AssertionError("the easy-read switch cannot be reached by keyboard")
    page.keyboard.press("Space")
    page.wait_for_selector("html.easy-read")
    screenshot(page, "contacts-en-easy-read-keyboard")


def test_focus_is_always_visible(live_server, page):
    page.goto(live_server + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'; }"
        )
        assert outline, page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")


def test_hard_words_open_in_place_by_keyboard_in_easy_read(live_server, page):
    set_preferences(page, live_server, "nb", easy_read=True)
    page.goto(live_server + "/om-individuell-plan/hva-er-individuell-plan")
    term = page.locator(".glossary-term").first
    term.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".glossary-popover:popover-open")
    popover.wait_for()
    assert len(popover.inner_text()) > 10
    screenshot(page, "glossary-popover-nb")
    page.keyboard.press("Escape")
    assert page.locator(".glossary-popover:popover-open").count() == 0
    # Opened again, it closes with its own button, and when focus moves on past it.
    term.click()
    page.locator(".glossary-popover:popover-open .glossary-popover__close").click()
    assert page.locator(".glossary-popover:popover-open").count() == 0
    term.focus()
    page.keyboard.press("Enter")
    popover.wait_for()
    page.keyboard.press("Tab")  # to the close button, inside the explanation
    page.keyboard.press("Tab")  # out of it
    page.wait_for_function("() => !document.querySelector('.glossary-popover:popover-open')")


@pytest.mark.parametrize("easy_read, minimum", [(False, 24), (True, 44)], ids=["standard-24px", "easy-read-44px"])
def test_targets_are_big_enough(live_server, page, easy_read, minimum):
    set_preferences(page, live_server, "nb", easy_read=easy_read)
    for path in ("/", "/om-individuell-plan/koordinator", "/kontakt", "/kontakt/horten", "/finnes-ikke"):
        page.goto(live_server + path)
        # Links inside a sentence are exempt (WCAG 2.5.8); every other target must be big enough.
        small = page.evaluate(
            """min => [...document.querySelectorAll('#app a, #app button')]
                .filter(e => e.offsetParent !== null && !e.matches('.ds-skip-link'))
                .filter(e => !(e.tagName === 'A' && e.parentElement.matches('p, li') && e.parentElement.childNodes.length > 1))
                .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
                .filter(([, r]) => r.height < min || r.width < min)
                .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)""",
            minimum,
        )
        assert small == [], path
