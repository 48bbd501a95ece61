"""A request for a plan from both sides, in a real browser, by keyboard only: Liv Solberg asks for
a plan, Hilde Brekke (KE officer, Askøy) logs in at the staff provider with two factors, takes
the case from the desk, sends an interim answer, appoints Mona Fjeld and grants the plan; Liv
reads all of it on Min side and her case page, and has a plan with Mona as her coordinator.
The same status pages in Nynorsk easy-read, for a case the officer handled through the use cases.
axe on every page on both sides."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app import db
from app.domain import Actor, clock
from app.models import Case, Person
from app.services import audit, case_handling
from app.services import staff as staff_service
from app.services.plan_requests import RequestDetails, add_request
from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.browser.test_plan_request import log_in_from_the_front_door, tab_to
from tests.staff.sessions import ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, staff_member_id

LIV = "09849130010"
WISH = "Jeg vil ha hjelp til å få jobb og bo for meg selv"
WHY = "Vi venter på svar fra NAV før vi kan sette sammen planen."


def settled(page, url: str) -> None:
    page.wait_for_url(re.compile(url))
    page.wait_for_selector("main[data-page-title]")


def clean(page, axe_source: str, name: str) -> None:
    """axe finds nothing, and a picture of the page to look at afterwards."""
    assert run_axe(page, axe_source) == [], name
    screenshot(page, f"journey-{name}")


def press(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def done(page, words: str) -> None:
    """An action on the case page answered: its notice is there (and has focus, app.js moves it)."""
    page.wait_for_selector(f"[data-notice]:has-text('{words}')")
    page.wait_for_selector("main[data-page-title]")


def staff_logs_in(page, live_server: str, username: str, method: str = "mfa") -> None:
    """At the staff provider's stand-in (not our page): pick the staff member and the method by keyboard."""
    page.goto(live_server + "/ansatt/")
    page.wait_for_selector("h1:has-text('Logg inn som ansatt')")
    page.locator(f"[id='staff-{username}']").focus()
    page.keyboard.press("Space")
    page.locator(f"#method-{method}").focus()
    page.keyboard.press("Space")
    page.locator("form.idp-form button:not([name])").focus()
    page.keyboard.press("Enter")


def test_liv_asks_hilde_acts_and_liv_reads_it_by_keyboard_only(app, live_server, context_factory, axe_source):
    liv = context_factory().new_page()
    log_in_from_the_front_door(liv, live_server, "Liv Solberg")
    settled(liv, r"/min-side$")
    press(liv, "main a[href='/be-om-plan']")
    settled(liv, r"/be-om-plan$")
    assert liv.locator("#field-wants-plan").is_checked()  # "Hva ønsker du?": a plan is the default
    clean(liv, axe_source, "citizen-request-form")
    tab_to(liv, "#field-wish")
    liv.keyboard.type(WISH)
    tab_to(liv, "#field-contact_by-phone")  # no choice yet: Tab enters the group at its first radio
    liv.keyboard.press("ArrowDown")
    liv.keyboard.press("ArrowDown")
    assert liv.locator("#field-contact_by-letter").is_checked()
    press(liv, "main form button[type=submit]")
    settled(liv, r"/be-om-plan/se-over$")
    clean(liv, axe_source, "citizen-request-check")
    press(liv, "main form[action='/be-om-plan/send'] button:not([name])")
    settled(liv, r"/be-om-plan/sendt$")
    clean(liv, axe_source, "citizen-request-sent")

    hilde = context_factory().new_page()
    staff_logs_in(hilde, live_server, ASKOY_OFFICER)
    settled(hilde, r"/ansatt/$")
    clean(hilde, axe_source, "staff-home")
    press(hilde, "header nav a[href='/ansatt/saker']")
    settled(hilde, r"/ansatt/saker$")
    clean(hilde, axe_source, "staff-desk")
    row = hilde.locator("main table tbody tr", has_text="Liv Solberg")
    assert WISH[:40] in row.inner_text()  # her wish beside her name
    case_url = row.locator("a").get_attribute("href")
    press(hilde, f"main table a[href='{case_url}']")
    settled(hilde, re.escape(case_url) + "$")
    assert "Ingen behandler saken ennå." in hilde.locator("main").inner_text()
    clean(hilde, axe_source, "staff-case-received")

    press(hilde, "main form[action$='/ta'] button")
    done(hilde, "Du behandler nå saken.")
    clean(hilde, axe_source, "staff-case-taken")

    expected_by = clock.today() + timedelta(days=14)
    tab_to(hilde, "#field-text")
    hilde.keyboard.type(WHY)
    tab_to(hilde, "#field-expected_by")
    hilde.keyboard.type(expected_by.strftime("%d.%m.%Y"))
    press(hilde, "main form[action$='/forelopig-svar'] button")
    done(hilde, "Det foreløpige svaret er sendt.")
    clean(hilde, axe_source, "staff-case-interim")

    tab_to(hilde, "#field-coordinator_id")
    hilde.keyboard.type("Mona")  # a closed list box chooses by typing, as a keyboard user does
    mona = str(staff_member_id(app, ASKOY_OTHER_COORDINATOR))
    assert hilde.locator("#field-coordinator_id").input_value() == mona
    press(hilde, "main form[action$='/koordinator'] button")
    done(hilde, "Koordinatoren er valgt.")
    clean(hilde, axe_source, "staff-case-coordinator")

    tab_to(hilde, "#field-decision-granted")  # the first decision: Tab enters the group there
    hilde.keyboard.press("Space")
    press(hilde, "main form[action$='/vedtak'] button")
    done(hilde, "Vedtaket er lagret.")
    facts = hilde.locator("main").inner_text()
    assert "Avgjort" in facts and "Mona Fjeld" in facts and "Innvilget: individuell plan med koordinator" in facts
    clean(hilde, axe_source, "staff-case-decided")

    press(liv, "main a[href='/min-side']")
    settled(liv, r"/min-side$")
    assert "Kommunen har svart." in liv.locator("#cases-heading + ul").inner_text()
    clean(liv, axe_source, "citizen-my-page-answered")
    press(liv, "main section[aria-labelledby='cases-heading'] a[href^='/min-side/saker/']")
    settled(liv, r"/min-side/saker/\d+$")
    words = liv.locator("main").inner_text()
    for said in (
        "Kommunen har svart.",
        WHY,
        f"Svaret kommer innen {expected_by.day}.",
        "Koordinator er valgt: Mona Fjeld",
        "Kommunen sa ja til individuell plan med koordinator.",
        "Hilde Brekke",
    ):
        assert said in words, said
    clean(liv, axe_source, "citizen-case-answered")
    liv.goto(live_server + "/plan")
    settled(liv, r"/plan$")
    assert "Koordinator: Mona Fjeld" in liv.locator("main .team__coordinator").inner_text()
    clean(liv, axe_source, "citizen-plan")


def _liv_asked_and_hilde_answered(app) -> None:
    """Liv's request, taken, answered for now, a coordinator chosen and granted: through the use cases."""
    with app.app_context():
        session = db.db_session()
        person = session.scalar(select(Person).where(Person.pid == LIV))
        request = add_request(session, Actor(person), RequestDetails(wish=WISH, contact_by="letter"))
        audit.by_actor(
            session, Actor(person), action="plan.requested", object_type="plan_request", object_id=request.id
        )
        session.commit()
        case = session.scalar(select(Case).where(Case.plan_request_id == request.id))
        officer = staff_service.actor_for(session, staff_member_id(app, ASKOY_OFFICER))
        case = case_handling.take(session, officer, case.id, case.version)
        case = case_handling.send_interim_answer(
            session, officer, case.id, case.version, WHY, clock.today() + timedelta(days=14)
        )
        coordinator = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
        case = case_handling.appoint_coordinator(session, officer, case.id, case.version, coordinator)
        case_handling.decide(session, officer, case.id, case.version, "granted", None)


def test_liv_reads_her_answered_case_in_nynorsk_easy_read(app, live_server, context_factory, axe_source):
    _liv_asked_and_hilde_answered(app)
    liv = context_factory().new_page()
    set_preferences(liv, live_server, "nn", easy_read=True)
    log_in_from_the_front_door(liv, live_server, "Liv Solberg")
    settled(liv, r"/min-side$")
    assert liv.locator("html.easy-read").count() == 1
    clean(liv, axe_source, "citizen-my-page-answered-nn-easy")
    press(liv, "main section[aria-labelledby='cases-heading'] a[href^='/min-side/saker/']")
    settled(liv, r"/min-side/saker/\d+$")
    words = liv.locator("main").inner_text()
    assert WHY in words and "Mona Fjeld" in words
    clean(liv, axe_source, "citizen-case-answered-nn-easy")
    liv.goto(live_server + "/plan")
    settled(liv, r"/plan$")
    assert "Mona Fjeld" in liv.locator("main .team__coordinator").inner_text()
    clean(liv, axe_source, "citizen-plan-nn-easy")
