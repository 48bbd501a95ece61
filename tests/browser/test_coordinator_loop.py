"""The coordinator's loop from both sides, in a real browser: Randi Berg, acting for Ola Berg in
Nynorsk, proposes a goal through "Hva er viktig for deg?"; Ingrid Myklebust, his coordinator, logs
in at the staff provider with two factors and takes the goal in with changed words; Ola, in his
own Nynorsk easy-read, reads his own words beside the agreed words and "Nytt sidan sist" tells
him. Then Ingrid cancels one of his coming visits and his week says it is cancelled. axe on every
page on both sides."""

from __future__ import annotations

from datetime import datetime

from app.domain.clock import OSLO
from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.browser.test_acting_for import log_in_at_stand_in
from tests.browser.test_case_journey import settled, staff_logs_in
from tests.staff.sessions import LUSTER_COORDINATOR

SAVE = ".wizard__form button[type=submit]"
OLAS_WORDS = "Eg vil gå på fotballkamp med ein ven."
AGREED = "Ola går på fotballkamp i Sogndal ein gong i månaden, saman med ein ven."
NOTE = "Helsefagarbeidaren er sjuk. Ring oss om du treng hjelp."


def clean(page, axe_source: str, name: str) -> None:
    """axe finds nothing, and a picture of the page to look at afterwards."""
    assert run_axe(page, axe_source) == [], name
    screenshot(page, f"loop-{name}")


def save_step(page, url: str) -> None:
    page.locator(SAVE).click()
    settled(page, url)


def randi_proposes_for_ola(page, live_server: str, axe_source: str) -> None:
    set_preferences(page, live_server, "nn", easy_read=False)
    log_in_at_stand_in(page, live_server, "Randi Berg")
    settled(page, r"/hvem-handler-du-for")
    clean(page, axe_source, "randi-whom")
    page.locator("label", has_text="Ola Berg").click()
    page.locator("main button[type=submit]").click()
    settled(page, r"/min-side$")
    page.wait_for_selector(".account-banner__acting-for")
    clean(page, axe_source, "randi-for-ola-my-page")
    page.goto(live_server + "/hva-er-viktig")
    settled(page, r"/hva-er-viktig$")
    clean(page, axe_source, "randi-wizard-start")
    page.goto(live_server + "/hva-er-viktig/livsomrader")
    settled(page, r"/hva-er-viktig/livsomrader$")
    page.locator("#field-areas-leisure").focus()
    page.keyboard.press("Space")  # one life area, ticked as a keyboard user does
    assert page.locator("#field-areas-leisure").is_checked()
    clean(page, axe_source, "randi-wizard-areas")
    save_step(page, r"/hva-er-viktig/mal/leisure$")
    page.locator("#field-text").focus()
    page.keyboard.type(OLAS_WORDS)
    page.locator("#field-importance-very").focus()
    page.keyboard.press("Space")
    clean(page, axe_source, "randi-wizard-goal")
    save_step(page, r"/hva-er-viktig/hjelp/leisure$")
    page.goto(live_server + "/hva-er-viktig/se-over")
    settled(page, r"/hva-er-viktig/se-over$")
    assert OLAS_WORDS in page.locator("main").inner_text()
    clean(page, axe_source, "randi-wizard-check")
    page.locator("form[action='/hva-er-viktig/send'] button").click()
    settled(page, r"/hva-er-viktig/sendt$")
    clean(page, axe_source, "randi-wizard-sent")


def ingrid_opens_olas_plan(page, live_server: str, axe_source: str) -> str:
    """Logged in with two factors, from "Mine planer" to Ola's plan; its address."""
    staff_logs_in(page, live_server, LUSTER_COORDINATOR)
    settled(page, r"/ansatt/$")
    clean(page, axe_source, "ingrid-home")
    page.locator("header nav a[href='/ansatt/planer']").click()
    settled(page, r"/ansatt/planer$")
    row = page.locator("main table tbody tr", has_text="Ola Berg")
    assert row.locator("[data-need='proposed_goals']").count() == 1  # his new proposal needs her
    clean(page, axe_source, "ingrid-caseload")
    row.locator("a").first.click()
    settled(page, r"/ansatt/planer/\d+$")
    clean(page, axe_source, "ingrid-plan")
    return page.url


def test_a_goal_proposed_for_ola_is_taken_in_with_changed_words_and_a_visit_cancelled(
    live_server, context_factory, axe_source
):
    randi = context_factory().new_page()
    randi_proposes_for_ola(randi, live_server, axe_source)

    ingrid = context_factory().new_page()
    plan_url = ingrid_opens_olas_plan(ingrid, live_server, axe_source)
    ingrid.locator("main a[href$='/forslag']").click()
    settled(ingrid, r"/ansatt/planer/\d+/forslag$")
    clean(ingrid, axe_source, "ingrid-proposals")
    goal = ingrid.locator("main li.record-list__item", has_text=OLAS_WORDS)
    goal.locator("summary", has_text="Ta inn målet med endrede ord").click()
    goal.locator("textarea[name=text]").fill(AGREED)
    goal.get_by_role("button", name="Ta inn med disse ordene").click()
    settled(ingrid, r"/forslag$")
    ingrid.wait_for_selector("[data-notice]:has-text('Målet er tatt inn i planen med ordene dere ble enige om.')")
    assert ingrid.locator("main li.record-list__item", has_text=OLAS_WORDS).count() == 0  # answered: gone
    clean(ingrid, axe_source, "ingrid-proposal-answered")

    ola_context = context_factory()
    ola = ola_context.new_page()
    ola.goto(live_server + "/")
    log_in_at_stand_in(ola, live_server, "Ola Berg")
    settled(ola, r"/min-side$")
    assert ola.locator("html.easy-read[lang=nn]").count() == 1  # his own choices, kept in his profile
    clean(ola, axe_source, "ola-my-page-nn-easy")
    ola.goto(live_server + "/plan")
    settled(ola, r"/plan$")
    goal_item = ola.locator("main .goal", has_text=AGREED)
    words = goal_item.inner_text()
    assert OLAS_WORDS in words and "Koordinatoren sa ja, med litt andre ord." in words
    assert "Dine ord:" in words and "Ingrid Myklebust" in words
    news = ola.locator("section.news").inner_text()
    assert "Nytt sidan sist" in news and AGREED in news and "sa ja til målet med nye ord" in news
    clean(ola, axe_source, "ola-plan-nn-easy")

    # Ingrid cancels the first coming visit; Ola's week for that day says so in plain words.
    ingrid.goto(plan_url + "/besok")
    settled(ingrid, r"/besok$")
    first = ingrid.locator("main form[action$='/avlys']").first
    occurs_at = datetime.fromisoformat(first.locator("input[name=occurs_at]").input_value())
    ingrid.locator("main summary", has_text="Avlys").first.click()
    first.locator("textarea[name=note]").fill(NOTE)
    first.get_by_role("button", name="Avlys besøket").click()
    settled(ingrid, r"/besok$")
    ingrid.wait_for_selector("main li:has-text('Avlyst.')")
    clean(ingrid, axe_source, "ingrid-visit-cancelled")

    year, week, _ = occurs_at.astimezone(OSLO).isocalendar()
    ola.goto(f"{live_server}/plan/denne-uka?uke={year}-W{week:02d}")
    settled(ola, r"/plan/denne-uka")
    cancelled = ola.locator("main .visit", has_text="Dette besøket er avlyst.")
    assert cancelled.count() == 1
    assert (
        "Ingen kjem denne gongen." in cancelled.inner_text() and "Helsefagarbeidaren er sjuk." in cancelled.inner_text()
    )
    clean(ola, axe_source, "ola-week-cancelled-nn-easy")
