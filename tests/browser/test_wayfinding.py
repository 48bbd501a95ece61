"""Wayfinding on a small phone (320 × 640), acting for someone: the page's heading on the first
screen, who is acted for in sight, the menu opened and closed by keyboard alone, with and without
JavaScript, and axe on every page on the way."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, run_axe, set_preferences

PHONE = {"width": 320, "height": 640}


def _log_in_and_act_for(page, holder: str, subject: str) -> None:
    page.locator(".account-banner__login").click()
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(holder)).click()
    page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
    page.locator("label", has_text=subject).click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".account-banner__acting-for")


def _first_screen(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _assert_heading_on_first_screen(page) -> None:
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator("h1").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"h1 at {box} on {page.url}"
    # Who is acted for stays in sight, above the heading.
    acting = page.locator(".account-banner__acting-for").bounding_box()
    assert acting is not None and acting["y"] + acting["height"] <= box["y"]


def _focus_menu_button_by_tab(page) -> None:
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.site-menu > summary')"):
            return
    raise AssertionError("the menu cannot be reached by keyboard")


@pytest.mark.parametrize(
    "locale, easy_read, holder, subject",
    [("nn", True, "Randi Berg", "Ola Berg"), ("nb", False, "Nils Lund", "Sara Lund")],
    ids=["randi-for-ola-nn-easy-read", "nils-for-sara-nb"],
)
def test_acting_for_someone_at_320px_each_area_shows_its_heading_first(
    live_server, context_factory, axe_source, locale, easy_read, holder, subject
):
    page = context_factory(width=PHONE["width"], height=PHONE["height"]).new_page()
    set_preferences(page, live_server, locale, easy_read)
    _log_in_and_act_for(page, holder, subject)
    # Through the main navigation, the way a person goes: each area marked where they are.
    for index, path in enumerate(["/min-side", "/plan", "/plan/denne-uka", "/samtykke"]):
        if index:
            page.locator(f'.site-nav a[href="{path}"]').click()
            page.wait_for_url(re.compile(re.escape(path) + "$"))
        page.wait_for_selector(f'.site-nav a[href="{path}"][aria-current="page"]')
        _assert_heading_on_first_screen(page)
        assert run_axe(page, axe_source) == [], path
        _first_screen(page, f"wayfinding-320-{locale}-{'easy' if easy_read else 'standard'}{path.replace('/', '-')}")
    # A page under an area: the area is marked "true", and the way back leads to it.
    page.locator("main a[href^='/samtykke/']").first.click()
    page.wait_for_url(re.compile(r"/samtykke/.+"))
    page.wait_for_selector('.site-nav a[href="/samtykke"][aria-current="true"]')
    _assert_heading_on_first_screen(page)
    back = page.locator("nav.ds-breadcrumbs > a")
    assert back.is_visible() and page.locator("nav.ds-breadcrumbs ol").is_hidden()
    assert run_axe(page, axe_source) == []
    back.click()
    page.wait_for_url(re.compile(r"/samtykke$"))


def test_the_menu_opens_and_closes_by_keyboard_alone(live_server, context_factory, axe_source):
    page = context_factory(width=PHONE["width"], height=PHONE["height"]).new_page()
    page.goto(live_server + "/kontakt")
    _log_in_and_act_for(page, "Randi Berg", "Ola Berg")
    panel = page.locator(".site-menu__panel")
    assert panel.is_hidden()
    _focus_menu_button_by_tab(page)
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    assert run_axe(page, axe_source) == []
    _first_screen(page, "wayfinding-320-menu-open")
    # Into the menu: the languages are the next stops.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('.site-menu__panel')")
    # Escape closes it and gives focus back to the button.
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.matches('.site-menu > summary')")
    # And the button itself: Space opens, Space closes.
    page.keyboard.press("Space")
    panel.wait_for(state="visible")
    page.keyboard.press("Space")
    panel.wait_for(state="hidden")
    # A link in the menu, followed by keyboard: the next page, and the one Back returns to, start closed.
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Ordliste":
            break
    else:
        raise AssertionError("the menu's links cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ordliste$"))
    page.wait_for_selector('.site-menu a[href="/ordliste"][aria-current="page"]', state="attached")
    assert panel.is_hidden()
    page.go_back()
    page.wait_for_url(re.compile(r"/kontakt$"))
    page.wait_for_selector("h1:has-text('Kontakt kommunen')")
    assert page.locator(".site-menu__panel").is_hidden()


def test_without_javascript_the_menu_works_by_keyboard_and_holds_the_way_out(live_server, context_factory):
    page = context_factory(javascript=False, width=PHONE["width"], height=PHONE["height"]).new_page()
    page.goto(live_server + "/")
    _log_in_and_act_for(page, "Nils Lund", "Sara Lund")
    page.goto(live_server + "/plan")
    _assert_heading_on_first_screen(page)
    panel = page.locator(".site-menu__panel")
    _focus_menu_button_by_tab(page)
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    _first_screen(page, "wayfinding-320-menu-open-no-js")
    page.keyboard.press("Enter")
    panel.wait_for(state="hidden")
    # Open again, and change the language from inside it, by keyboard.
    page.keyboard.press("Space")
    panel.wait_for(state="visible")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.value") == "nn":
            break
    else:
        raise AssertionError("the Nynorsk button cannot be reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_selector("html[lang='nn']")
    assert page.url.endswith("/plan")
    assert page.locator(".site-menu__panel").is_hidden(), "a new page starts with the menu closed"
