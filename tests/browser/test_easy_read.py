"""Easy-read in the browser, as Kari reads her own plan in Bokmål and Randi reads Ola's in Nynorsk:
a pictogram beside each goal and measure, one sentence a line, "du" only for the reader, the
wizard's steps one a line; axe on every page, a screenshot of each."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import run_axe, screenshot, set_preferences

PAGES = ["/plan", "/plan/denne-uka", "/samtykke", "/hva-er-viktig/viktig"]


def _log_in(page, name: str) -> None:
    page.locator(".account-banner__login").click()
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(name)).click()


@pytest.mark.parametrize(
    "locale, reader, acts_for, plan_heading",
    [("nb", "Kari Nordmann", None, "Dette vil du"), ("nn", "Randi Berg", "Ola Berg", "Dette vil Ola")],
    ids=["kari-nb", "randi-for-ola-nn"],
)
def test_easy_read_pages_in_the_browser(
    live_server, context_factory, axe_source, locale, reader, acts_for, plan_heading
):
    page = context_factory(width=390).new_page()
    set_preferences(page, live_server, locale, easy_read=True)
    _log_in(page, reader)
    if acts_for:
        page.wait_for_url(re.compile(r"/hvem-handler-du-for"))
        page.locator("label", has_text=acts_for).click()
        page.locator("main form[action='/hvem-handler-du-for'] button[type=submit]").click()
        page.wait_for_selector(".account-banner__acting-for")
    who = "randi-for-ola" if acts_for else "kari"
    for path in PAGES:
        page.goto(live_server + path)
        page.wait_for_selector("html.easy-read main h1")
        assert run_axe(page, axe_source) == [], path
        screenshot(page, f"easy-read-{who}-{locale}{path.replace('/', '-')}")
    page.goto(live_server + "/plan")
    assert page.locator("#goals-heading").inner_text() == plan_heading
    goals = page.locator("li.goal")
    # Two agreed goals and one the person proposed (the demo's), each with its pictogram.
    assert goals.count() == 3 and page.locator("li.goal .goal__area img.pictogram[alt='']").count() == 3
    # Each pictogram stands beside its word, not above it: on the same line at 390 px.
    picture, word = goals.first.locator(".goal__area img"), goals.first.locator(".goal__area span")
    assert abs(picture.bounding_box()["y"] + picture.bounding_box()["height"] / 2 - word.bounding_box()["y"]) < 48
    # A goal's page, reached from the plan.
    goals.first.locator("a").click()
    page.wait_for_url(re.compile(r"/plan/mal/\d+$"))
    assert page.locator(".goal__area img.pictogram").count() == 1
    assert run_axe(page, axe_source) == []
    screenshot(page, f"easy-read-{who}-{locale}-goal")
    # The wizard's steps: one a line (each item lower on the page than the one before).
    page.goto(live_server + "/hva-er-viktig/viktig")
    tops = [box["y"] for box in (item.bounding_box() for item in page.locator(".wizard-steps__item").all())]
    assert len(tops) == 6 and tops == sorted(tops) and len(set(tops)) == 6
