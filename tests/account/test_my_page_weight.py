"""Min side puts first what people come for (this week, the plan, what waits for an answer) and
offers nobody pages about a plan they do not have."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app import db
from app.domain import clock
from app.models import Participant, Person, Plan, SharingConsent
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import ARNE, EMMA, KARI, NILS, OLA, PER, RANDI
from tests.wizard.helpers import post_step

PLAN_PAGES = {"/plan", "/plan/denne-uka", "/samtykke", "/tilgangslogg"}


def _main(client):
    soup = BeautifulSoup(client.get("/min-side").get_data(as_text=True), "html.parser")
    return soup.find("main")


def _links(main) -> list[str]:
    return [a["href"] for a in main.find_all("a") if not a["href"].startswith("tel:")]


def test_kari_sees_this_week_and_her_plan_first_and_the_rest_lower(app, client):
    log_in_test_client(app, client, KARI)
    main = _main(client)
    headings = [(h.name, h.get_text(strip=True)) for h in main.find_all(["h1", "h2"])]
    # What is new since she last looked comes after this week: the demo's coordinator has been at work.
    headings_expected = [("h1", "Min side"), ("h2", "Denne uka"), ("h2", "Nytt siden sist"), ("h2", "Mer")]
    assert headings == [*headings_expected, ("h2", "Kontakt kommunen")]
    assert _links(main) == [
        "/plan/denne-uka",
        "/plan",
        "/plan/historikk",
        "/hva-er-viktig",
        "/samtykke",
        "/tilgangslogg",
        "/min-side/saker",
        "/fullmakter",
        "/varsler",
        "/min-side/dataene-dine",
        "/om-individuell-plan",
        "/kontakt/askoy",
    ]
    # The lower sections are lighter: smaller headings than the first.
    sizes = {h.get_text(strip=True): h["data-size"] for h in main.find_all("h2")}
    assert sizes == {"Denne uka": "md", "Nytt siden sist": "md", "Mer": "xs", "Kontakt kommunen": "xs"}
    assert "Neste avtale er" in main.get_text()  # Kari's koordineringsmøte, this week or the next visit


def test_arne_without_a_plan_is_offered_no_page_about_a_plan(app, client):
    log_in_test_client(app, client, ARNE)
    main = _main(client)
    assert _links(main) == [
        "/be-om-plan",
        "/min-side/saker",
        "/fullmakter",
        "/varsler",
        "/min-side/dataene-dine",
        "/om-individuell-plan",
        "/kontakt/horten",
    ]
    assert not PLAN_PAGES & set(_links(main))
    assert main.find("a", attrs={"href": "/be-om-plan"}).get_text(strip=True) == "Be om individuell plan"


def test_arne_with_unsent_answers_is_asked_to_go_on_and_still_offered_the_request(app, client):
    log_in_test_client(app, client, ARNE)
    assert post_step(client, "/hva-er-viktig/viktig", {"important": "Å bo hjemme."}).status_code == 303
    main = _main(client)
    assert "Venter på svar fra deg" in main.get_text()
    assert _links(main) == [
        "/hva-er-viktig",
        "/be-om-plan",
        "/min-side/saker",
        "/fullmakter",
        "/varsler",
        "/min-side/dataene-dine",
        "/om-individuell-plan",
        "/kontakt/horten",
    ]


def test_a_consent_ending_soon_waits_for_an_answer(app, client):
    with app.app_context(), db.new_session() as s:
        plan_id = s.scalar(select(Plan.id).join(Person, Person.id == Plan.owner_id).where(Person.pid == KARI))
        consent = s.scalars(
            select(SharingConsent).where(SharingConsent.plan_id == plan_id, SharingConsent.status == "given")
        ).first()
        service = s.get(Participant, consent.participant_id).service
        s.execute(
            update(SharingConsent)
            .where(SharingConsent.id == consent.id)
            .values(valid_to=clock.today() + timedelta(days=10))
        )
        s.commit()
    log_in_test_client(app, client, KARI)
    text = _main(client).get_text(" ", strip=True)
    assert "Venter på svar fra deg" in text and f"Samtykket til {service} varer til og med" in text


def test_randi_acting_for_ola_sees_his_week_and_plan(app, client):
    act_for(app, client, RANDI, OLA)
    main = _main(client)
    assert _links(main)[:2] == ["/plan/denne-uka", "/plan"]
    assert "/fullmakter" not in _links(main)  # only Ola gives his own fullmakter


def test_per_acting_for_emma_gets_her_plan_pages(app, client):
    act_for(app, client, PER, EMMA)
    assert PLAN_PAGES <= set(_links(_main(client)))


def test_a_read_only_holder_for_arne_is_offered_neither_plan_pages_nor_the_request(app, client):
    from app.domain.identity_numbers import parse
    from app.services import power_of_attorney
    from app.services.people import find_by_pid

    with app.app_context(), db.new_session() as s:
        power_of_attorney.grant(s, find_by_pid(s, ARNE), parse(NILS), "Nils Lund", ["read"], None, clock.today())
    act_for(app, client, NILS, ARNE)
    main = _main(client)
    assert "Arne Vik har ikke en individuell plan." in main.get_text()
    assert _links(main) == [
        "/min-side/saker",
        "/varsler",
        "/min-side/dataene-dine",
        "/om-individuell-plan",
        "/kontakt/horten",
    ]  # sent, not a plan
