"""Asking for an individuell plan online, as its own short journey: the form, the page to check
it, the receipt with what happens next, and one request however often it is sent."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app import db
from app.domain import clock
from app.domain.identity_numbers import parse
from app.models import AuditEvent, Person, PlanRequest
from app.services import power_of_attorney
from app.services.people import find_by_pid
from tests.auth.sessions import act_for, log_in_test_client
from tests.pages import LOCALES, WITHOUT_A_PLAN_PAGES
from tests.people import ARNE, KARI, NILS, OLA, RANDI
from tests.wizard.helpers import fill_in
from tests.wizard.helpers import send as send_wizard

FORM = {"wish": "Hjelp til å handle 🛒 og til å komme meg ut.", "contact_by": "phone", "contact_phone": "912 34 567"}


def _requests(app, pid: str) -> list[PlanRequest]:
    with app.app_context(), db.new_session() as s:
        person = s.scalar(select(Person).where(Person.pid == pid))
        return list(s.scalars(select(PlanRequest).where(PlanRequest.person_id == person.id)))


def _post(client, path: str, data: dict):
    return client.post(path, {**data, "csrf_token": client.csrf_token(path)})


def _give_fullmakt(app, grantor: str, holder: str, scopes: list[str]) -> None:
    with app.app_context(), db.new_session() as s:
        power_of_attorney.grant(s, find_by_pid(s, grantor), parse(holder), "Nils Lund", scopes, None, clock.today())


def test_arne_asks_for_a_plan_checks_it_and_gets_a_receipt(app, client):
    log_in_test_client(app, client, ARNE)
    form = client.get("/be-om-plan")
    assert form.status_code == 200
    soup = BeautifulSoup(form.get_data(as_text=True), "html.parser")
    assert soup.find("form", attrs={"action": "/be-om-plan", "method": "post"}) is not None
    assert {i["name"] for i in soup.select("form[action='/be-om-plan'] [name]")} >= {
        "wish",
        "contact_by",
        "contact_phone",
        "contact_email",
    }

    posted = _post(client, "/be-om-plan", FORM)
    assert posted.status_code == 303 and posted.headers["Location"] == "/be-om-plan/se-over"
    check = client.get("/be-om-plan/se-over")
    html = check.get_data(as_text=True)
    assert "Se over før du sender" in html and "Hjelp til å handle 🛒" in html and "912 34 567" in html
    assert _requests(app, ARNE) == []  # nothing is sent before "Send"

    sent = _post(client, "/be-om-plan/send", FORM)
    assert sent.status_code == 303 and sent.headers["Location"] == "/be-om-plan/sendt"
    [request] = _requests(app, ARNE)
    assert request.wish == FORM["wish"] and request.contact_by == "phone" and request.contact_phone == "912 34 567"
    assert request.contact_email is None and request.status == "received"

    assert client.get("/be-om-plan/se-over").headers["Location"] == "/be-om-plan/sendt"  # Back after sending
    receipt = client.get("/be-om-plan/sendt").get_data(as_text=True)
    today = clock.today()
    assert "Du ba om individuell plan" in receipt and "Dette skjer nå" in receipt
    assert "skal kommunen skrive og si hvorfor det tar tid" in receipt  # the one-month rule, in words
    assert 'href="/hva-er-viktig"' in receipt  # offered afterwards, optional
    with app.app_context(), db.new_session() as s:
        audit = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "plan.requested", AuditEvent.subject_id == request.person_id)
        )
    assert audit == 1
    assert str(today.year) in receipt

    my_page = client.get("/min-side").get_data(as_text=True)
    assert "Du ba om individuell plan" in my_page and 'href="/be-om-plan/sendt"' in my_page
    assert 'href="/be-om-plan"' not in my_page  # not offered twice


def test_change_brings_the_words_back_to_the_form(app, client):
    log_in_test_client(app, client, ARNE)
    assert _post(client, "/be-om-plan", FORM).status_code == 303
    check = BeautifulSoup(client.get("/be-om-plan/se-over").get_data(as_text=True), "html.parser")
    assert check.select_one("main form a.ds-button[href='/be-om-plan']").get_text(strip=True) == "Endre"
    response = client.get("/be-om-plan")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.find("textarea", attrs={"name": "wish"}).text == FORM["wish"]
    assert soup.find("input", attrs={"name": "contact_by", "value": "phone"}).has_attr("checked")
    assert soup.find("input", attrs={"name": "contact_phone"})["value"] == "912 34 567"


def test_bad_input_gives_every_error_at_its_field_and_keeps_the_words(app, client):
    log_in_test_client(app, client, ARNE)
    words = "Jeg trenger hjelp. " + "x" * 2100
    response = _post(client, "/be-om-plan", {"wish": words, "contact_phone": "abc", "contact_email": "ikke"})
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary_links = [a["href"] for a in soup.select(".error-summary a")]
    assert summary_links == ["#field-wish", "#field-contact_by"]
    assert soup.find(id="field-wish-error") and soup.find(id="field-contact_by-error")
    assert soup.find("textarea", attrs={"name": "wish"}).text == words

    by_phone = _post(client, "/be-om-plan", {"contact_by": "phone", "contact_phone": "12"})
    soup = BeautifulSoup(by_phone.get_data(as_text=True), "html.parser")
    assert by_phone.status_code == 422
    assert [a["href"] for a in soup.select(".error-summary a")] == ["#field-contact_phone"]
    assert soup.find("input", attrs={"name": "contact_phone"})["value"] == "12"

    by_mail = _post(client, "/be-om-plan/send", {"contact_by": "email", "contact_email": ""})
    assert by_mail.status_code == 422 and "Skriv e-postadressen kommunen kan skrive til." in by_mail.get_data(
        as_text=True
    )
    forged = _post(client, "/be-om-plan/send", {"contact_by": "pigeon"})
    assert forged.status_code == 422
    assert _requests(app, ARNE) == []


def test_a_double_submit_makes_one_request(app, client):
    log_in_test_client(app, client, ARNE)
    first = _post(client, "/be-om-plan/send", FORM)
    second = _post(client, "/be-om-plan/send", {**FORM, "wish": "Noe annet"})
    assert first.status_code == second.status_code == 303
    assert len(_requests(app, ARNE)) == 1 and _requests(app, ARNE)[0].wish == FORM["wish"]
    receipt = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Forespørselen var allerede sendt" in receipt
    assert client.get("/be-om-plan").headers["Location"] == "/be-om-plan/sendt"


def test_the_wizard_sent_afterwards_joins_the_open_request(app, client):
    log_in_test_client(app, client, ARNE)
    _post(client, "/be-om-plan/send", {"contact_by": "letter"})
    fill_in(client, {"leisure": "Jeg vil gå på kino."})
    assert send_wizard(client).status_code == 303
    [request] = _requests(app, ARNE)
    assert request.answers["goals"]["leisure"]["text"] == "Jeg vil gå på kino." and request.contact_by == "letter"


def test_someone_with_a_plan_is_taken_to_the_plan(app, client):
    log_in_test_client(app, client, KARI)
    assert client.get("/be-om-plan").headers["Location"] == "/plan"
    assert _post(client, "/be-om-plan/send", FORM).headers["Location"] == "/plan"
    assert _requests(app, KARI) == []


def test_a_fullmakt_to_take_part_lets_the_holder_ask_for_arne(app, client):
    _give_fullmakt(app, ARNE, NILS, ["read", "contribute"])
    act_for(app, client, NILS, ARNE)
    form = client.get("/be-om-plan").get_data(as_text=True)
    assert "for Arne Vik" in form
    assert (
        _post(client, "/be-om-plan/send", {"contact_by": "email", "contact_email": "nils@eksempel.no"}).status_code
        == 303
    )
    [request] = _requests(app, ARNE)
    with app.app_context(), db.new_session() as s:
        assert s.get(Person, request.requested_by_id).pid == NILS
    assert request.basis == "power_of_attorney" and request.contact_email == "nils@eksempel.no"
    receipt = client.get("/be-om-plan/sendt").get_data(as_text=True)
    assert "Du ba om individuell plan for Arne Vik" in receipt


def test_a_read_only_fullmakt_may_not_ask(app, client):
    _give_fullmakt(app, ARNE, NILS, ["read"])
    act_for(app, client, NILS, ARNE)
    assert client.get("/be-om-plan").status_code == 403
    assert _post(client, "/be-om-plan/send", FORM).status_code == 403
    assert _requests(app, ARNE) == []
    assert 'href="/be-om-plan"' not in client.get("/min-side").get_data(as_text=True)


def test_a_guardian_asks_within_the_mandate_and_ola_has_a_plan(app, client):
    act_for(app, client, RANDI, OLA)
    assert client.get("/be-om-plan").headers["Location"] == "/plan"


def test_not_logged_in_is_sent_to_log_in(client):
    response = client.client.get("/be-om-plan")
    assert response.status_code == 303 and response.headers["Location"].startswith("/logg-inn")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_page_of_the_journey_passes_the_page_checks(app, client, locale, easy_read):
    """The client checks each page (tests/page_checks.py): the form, its errors, the check page,
    the receipt, and Min side after it, as Arne, in every language and mode."""
    log_in_test_client(app, client, ARNE, locale=locale, easy_read=easy_read)
    pages = [client.get_page(endpoint, **values) for endpoint, values in WITHOUT_A_PLAN_PAGES[:1]]
    pages.append(client.get_page("account.plan_request", htmx=True))
    pages.append(_post(client, "/be-om-plan", {"contact_by": "email"}))
    assert _post(client, "/be-om-plan", FORM).status_code == 303
    pages.append(client.get_page("account.plan_request_review"))
    assert _post(client, "/be-om-plan/send", FORM).status_code == 303
    pages.append(client.get_page("account.plan_request_sent"))
    pages.append(client.get_page("account.my_page"))
    assert [page.status_code for page in pages] == [200, 200, 422, 200, 200, 200]
    for page in pages:
        html = page.get_data(as_text=True)
        assert 'action="/logg-ut"' in html or page is pages[1]
        assert ('class="easy-read"' in html) == easy_read or page is pages[1]


def test_the_database_holds_one_open_request_per_person(app):
    """Two requests at the same moment (two tabs, the person and a representative) cannot both
    be open: the database refuses the second, whichever code path wrote it."""
    from sqlalchemy.exc import IntegrityError

    with app.app_context(), db.new_session() as s:
        arne = s.scalar(select(Person).where(Person.pid == ARNE))
        s.add(PlanRequest(person_id=arne.id, requested_by_id=arne.id, basis="self", status="received"))
        s.flush()
        s.add(PlanRequest(person_id=arne.id, requested_by_id=arne.id, basis="self", status="received"))
        with pytest.raises(IntegrityError):
            s.flush()
        s.rollback()
        # A request that has been answered no longer counts: a new one may be made.
        s.add(PlanRequest(person_id=arne.id, requested_by_id=arne.id, basis="self", status="decided"))
        s.add(PlanRequest(person_id=arne.id, requested_by_id=arne.id, basis="self", status="received"))
        s.flush()
        s.rollback()


def test_words_waiting_for_one_person_are_not_shown_for_another(app, client):
    _give_fullmakt(app, ARNE, NILS, ["contribute"])
    log_in_test_client(app, client, NILS)
    with client.client.session_transaction() as stored:
        stored["plan_request_typed"] = {"subject": -1, "typed": {"wish": "Someone else's words"}}
    act_for(app, client, NILS, ARNE)
    assert "Someone else" not in client.get("/be-om-plan").get_data(as_text=True)
    assert client.get("/be-om-plan/se-over").headers["Location"] == "/be-om-plan"
