"""The guided complaint (pbrl § 7-2): what it is about, what happened and what the person wants,
checked on a page of its own, sent once as a case to the municipality, followed on Min side."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app import db
from app.models import AuditEvent, Person
from app.services import complaints
from tests.account.test_cases import cases_of, handle, make_case
from tests.auth.sessions import act_for, log_in_test_client
from tests.pages import LOCALES
from tests.people import ARNE, KARI, NILS, OLA, RANDI

FORM = {
    "reason": "nothing_happens",
    "happened": "Ingen har ringt meg siden mai.",
    "wanted": "Jeg vil ha et møte om planen 📅.",
}


def _post(client, path: str, data: dict):
    return client.post(path, {**data, "csrf_token": client.csrf_token(path)})


def test_kari_complains_checks_it_and_the_case_reaches_the_municipality(app, client):
    log_in_test_client(app, client, KARI)
    form = BeautifulSoup(client.get("/klage").get_data(as_text=True), "html.parser")
    assert {i["value"] for i in form.select("input[name=reason]")} == {"no_plan", "nothing_happens", "not_taking_part"}
    text = form.main.get_text(" ", strip=True)
    assert "Jeg fikk ikke individuell plan" in text and "Det skjer ingenting i planen min" in text
    assert "Du kan ikke klage på hvem kommunen har valgt som koordinator" in text and "Askøy kommune" in text
    assert form.find(attrs={"data-character-count": True}) is not None

    assert _post(client, "/klage", FORM).headers["Location"] == "/klage/se-over"
    check = client.get("/klage/se-over").get_data(as_text=True)
    assert "Ingen har ringt meg siden mai." in check and "Det skjer ingenting i planen min" in check
    assert cases_of(app, KARI) == []  # nothing is sent before "Send"

    sent = _post(client, "/klage/send", FORM)
    assert sent.headers["Location"] == "/klage/sendt"
    [case] = cases_of(app, KARI)
    assert case.kind == "complaint" and case.complaint_reason == "nothing_happens" and case.status == "received"
    assert complaints.parts(case.complaint_text) == (FORM["happened"], FORM["wanted"])
    receipt = client.get("/klage/sendt").get_data(as_text=True)
    assert "Klagen er sendt" in receipt and "Statsforvalteren" in receipt and f"/min-side/saker/{case.id}" in receipt
    with app.app_context(), db.new_session() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "complaint.sent")).all()

    page = client.get(f"/min-side/saker/{case.id}").get_data(as_text=True)
    assert FORM["happened"] in page and FORM["wanted"] in page and "Det skjer ingenting i planen min" in page
    assert f'href="/min-side/saker/{case.id}"' in client.get("/min-side").get_data(as_text=True)


def test_a_double_send_makes_one_complaint(app, client):
    log_in_test_client(app, client, KARI)
    assert _post(client, "/klage/send", FORM).status_code == 303
    second = _post(client, "/klage/send", FORM)
    assert second.status_code == 303 and len(cases_of(app, KARI)) == 1
    assert "Klagen var allerede sendt" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert _post(client, "/klage/send", {**FORM, "reason": "not_taking_part"}).status_code == 303
    assert len(cases_of(app, KARI)) == 2  # another complaint is another case


def test_bad_input_gives_every_error_at_once_and_keeps_the_words(app, client):
    log_in_test_client(app, client, KARI)
    words = "Det skjedde dette. " + "x" * 2100
    response = _post(client, "/klage", {"happened": words, "wanted": "  "})
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert [a["href"] for a in soup.select(".error-summary a")] == ["#field-reason", "#field-happened", "#field-wanted"]
    summary = soup.select_one(".error-summary").get_text(" ", strip=True)
    assert "Velg hva klagen gjelder." in summary and "tegn for mye" in summary and "Skriv hva du ønsker" in summary
    assert soup.find("textarea", attrs={"name": "happened"}).text == words
    assert soup.find(id="field-reason-error") and soup.find(id="field-wanted-error")

    forged = _post(client, "/klage/send", {**FORM, "reason": "coordinator"})
    assert forged.status_code == 422 and "Velg blant valgene på siden." in forged.get_data(as_text=True)
    assert cases_of(app, KARI) == []
    refused = client.client.post("/klage/send", data=FORM)  # no CSRF token
    assert refused.status_code in (302, 303, 400) and cases_of(app, KARI) == []


def test_a_complaint_about_a_decided_request_names_it_and_a_forged_one_is_left_out(app, client):
    decided = make_case(app, ARNE)
    handle(app, decided, status="decided", decision="declined", decision_reason="Nei.", steps=[])
    karis = make_case(app, KARI)
    log_in_test_client(app, client, ARNE)
    form = BeautifulSoup(client.get(f"/klage?sak={decided}").get_data(as_text=True), "html.parser")
    assert form.find("input", attrs={"name": "about"})["value"] == str(decided)
    assert _post(client, "/klage", {**FORM, "reason": "no_plan", "about": str(decided)}).status_code == 303
    check = BeautifulSoup(client.get("/klage/se-over").get_data(as_text=True), "html.parser")
    assert check.find("input", attrs={"name": "about"})["value"] == str(decided)
    assert _post(client, "/klage/send", {**FORM, "reason": "no_plan", "about": str(decided)}).status_code == 303
    assert _post(client, "/klage/send", {**FORM, "about": str(karis)}).status_code == 303
    about = {case.complaint_reason: case.about_case_id for case in cases_of(app, ARNE) if case.kind == "complaint"}
    assert about == {"no_plan": decided, "nothing_happens": None}
    assert client.get("/klage?sak=abc").status_code == 200


def test_randi_complains_for_ola_and_a_read_only_holder_may_not(app, client):
    act_for(app, client, RANDI, OLA)
    assert "Her klager du for Ola Berg." in client.get("/klage").get_data(as_text=True)
    assert _post(client, "/klage/send", FORM).status_code == 303
    [case] = cases_of(app, OLA)
    with app.app_context(), db.new_session() as s:
        assert s.get(Person, case.sent_by_id).pid == RANDI
    assert case.basis != "self"

    act_for(app, client, NILS, KARI)  # a read-only fullmakt
    assert client.get("/klage").status_code == 403
    assert _post(client, "/klage/send", FORM).status_code == 403


def test_no_municipality_on_record_says_whom_to_contact(app, client):
    with app.app_context(), db.new_session() as s:
        s.execute(update(Person).where(Person.pid == ARNE).values(municipality_id=None))
        s.commit()
    log_in_test_client(app, client, ARNE)
    assert "Finn kontaktinformasjon for kommunen din" in client.get("/klage").get_data(as_text=True)
    assert _post(client, "/klage", FORM).status_code == 303
    response = _post(client, "/klage/send", FORM)
    assert response.status_code == 422 and "Vi vet ikke hvilken kommune" in response.get_data(as_text=True)
    assert cases_of(app, ARNE) == []
    assert FORM["happened"] in client.get("/klage/se-over").get_data(as_text=True)  # nothing lost


def test_the_check_and_sent_pages_lead_back_to_the_form_when_there_is_nothing(app, client):
    log_in_test_client(app, client, ARNE)
    assert client.get("/klage/se-over").headers["Location"] == "/klage"
    assert client.get("/klage/sendt").headers["Location"] == "/klage"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_page_of_the_complaint_passes_the_page_checks(app, client, locale, easy_read):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    pages = [client.get_page("account.complaint"), client.get_page("account.complaint", htmx=True)]
    pages.append(_post(client, "/klage", {"reason": "no_plan"}))
    assert _post(client, "/klage", FORM).status_code == 303
    pages.append(client.get_page("account.complaint_review"))
    assert _post(client, "/klage/send", FORM).status_code == 303
    pages.append(client.get_page("account.complaint_sent"))
    assert [page.status_code for page in pages] == [200, 200, 422, 200, 200]
    for page in pages[2:]:
        assert ('class="easy-read"' in page.get_data(as_text=True)) == easy_read
