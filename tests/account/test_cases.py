"""The person's side of a case at the koordinerende enhet: everything sent becomes one case (a
request, the wizard's answers, a withdrawn plan consent), and the person, or whoever reads for
them, follows it in plain words. The KE's handling is simulated by setting the case's fields, as
the staff desk does."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app import db
from app.domain import clock
from app.domain.cases import Kind, Status, Step
from app.models import AuditEvent, Case, CaseEvent, Person, PlanRequest, StaffMember
from app.models.base import utcnow
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import ARNE, KARI, NILS, OLA, RANDI, SARA
from tests.wizard.helpers import fill_in
from tests.wizard.helpers import send as send_wizard

FORM = {"wants": "plan", "wish": "Hjelp til å handle.", "contact_by": "letter"}


def _post(client, path: str, data: dict):
    return client.post(path, {**data, "csrf_token": client.csrf_token(path)})


def _person_id(app, pid: str) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(Person.id).where(Person.pid == pid))


def cases_of(app, pid: str) -> list[Case]:
    with app.app_context(), db.new_session() as s:
        found = s.scalars(select(Case).where(Case.person_id == _person_id(app, pid)).order_by(Case.id)).unique()
        return [(s.expunge(case), case)[1] for case in found]


def make_case(app, pid: str, kind: Kind = Kind.PLAN_REQUEST, sent_by: str | None = None, **fields) -> int:
    """A case as the intake makes it, with its first history line, for the person `pid`."""
    with app.app_context(), db.new_session() as s:
        person = s.scalar(select(Person).where(Person.pid == pid))
        sender = s.scalar(select(Person).where(Person.pid == (sent_by or pid)))
        now = utcnow()
        case = Case(
            kind=str(kind),
            municipality_id=person.municipality_id,
            person_id=person.id,
            sent_by_id=sender.id,
            basis="self" if sender.id == person.id else "verge",
            received_at=now,
            deadline=clock.today() + timedelta(days=30),
            status=str(Status.RECEIVED),
            **fields,
        )
        s.add(case)
        s.flush()
        s.add(CaseEvent(case_id=case.id, occurred_at=now, action=str(Step.RECEIVED), person_id=sender.id, details={}))
        s.commit()
        return case.id


def handle(app, case_id: int, **fields) -> None:
    """The KE officer's work, set directly: who handles it, answers, decisions, history lines."""
    steps = fields.pop("steps", [])
    with app.app_context(), db.new_session() as s:
        officer = s.scalar(select(StaffMember).where(StaffMember.username.startswith("hilde")))
        coordinator = s.scalar(select(StaffMember).where(StaffMember.username.startswith("mona")))
        s.execute(update(Case).where(Case.id == case_id).values(handler_id=officer.id, **fields))
        if "coordinator_id" in fields:
            s.execute(update(Case).where(Case.id == case_id).values(coordinator_id=coordinator.id))
        for step in steps:
            s.add(CaseEvent(case_id=case_id, action=str(step), staff_member_id=officer.id, details={}))
        s.commit()


def test_a_request_opens_exactly_one_case_also_when_sent_twice(app, client):
    log_in_test_client(app, client, ARNE)
    assert _post(client, "/be-om-plan/send", FORM).status_code == 303
    assert _post(client, "/be-om-plan/send", FORM).status_code == 303
    [case] = cases_of(app, ARNE)
    with app.app_context(), db.new_session() as s:
        [request] = s.scalars(select(PlanRequest).where(PlanRequest.person_id == case.person_id)).all()
    assert case.kind == "plan_request" and case.plan_request_id == request.id and case.status == "received"
    assert case.sent_by_id == case.person_id and case.basis == "self"
    receipt = client.get("/be-om-plan/sendt").get_data(as_text=True)
    assert f'href="/min-side/saker/{case.id}"' in receipt


def test_asking_for_a_coordinator_only_opens_a_coordinator_request(app, client):
    log_in_test_client(app, client, ARNE)
    form = BeautifulSoup(client.get("/be-om-plan").get_data(as_text=True), "html.parser")
    assert form.find("input", attrs={"name": "wants", "value": "plan"}).has_attr("checked")
    assert "Hva ønsker du?" in form.find("fieldset", id="field-wants").legend.get_text()
    wants_coordinator = {**FORM, "wants": "coordinator"}
    assert _post(client, "/be-om-plan", wants_coordinator).status_code == 303
    assert "Bare en koordinator" in client.get("/be-om-plan/se-over").get_data(as_text=True)
    assert _post(client, "/be-om-plan/send", wants_coordinator).status_code == 303
    [case] = cases_of(app, ARNE)
    assert case.kind == "coordinator_request"
    assert "Du ba om koordinator" in client.get("/be-om-plan/sendt").get_data(as_text=True)
    assert _post(client, "/be-om-plan", {**FORM, "wants": "everything"}).status_code == 422


def test_the_wizard_sends_a_request_with_one_case_and_joins_an_open_one_without_another(app, client):
    log_in_test_client(app, client, ARNE)
    fill_in(client, {"leisure": "Jeg vil gå på kino."})
    assert send_wizard(client).status_code == 303
    [case] = cases_of(app, ARNE)
    assert case.kind == "plan_request" and case.plan_request_id is not None
    assert _post(client, "/be-om-plan/send", FORM).status_code == 303  # already requested: nothing new
    assert len(cases_of(app, ARNE)) == 1


def test_withdrawing_the_plan_consent_opens_a_case_for_the_ke(app, client):
    log_in_test_client(app, client, KARI)
    page = BeautifulSoup(client.get("/samtykke/plan/trekk-tilbake").get_data(as_text=True), "html.parser")
    form = page.find("form", attrs={"action": "/samtykke/plan/trekk-tilbake"})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    assert client.client.post("/samtykke/plan/trekk-tilbake", data=fields).status_code in (200, 303)
    [case] = cases_of(app, KARI)
    assert case.kind == "plan_consent_withdrawn" and case.municipality_id is not None
    # Sent again (the same form twice): the consent is stale, no second case.
    client.client.post("/samtykke/plan/trekk-tilbake", data=fields)
    assert len(cases_of(app, KARI)) == 1


def test_the_person_follows_the_case_in_plain_words(app, client):
    case_id = make_case(app, ARNE)
    log_in_test_client(app, client, ARNE)
    page = client.get(f"/min-side/saker/{case_id}").get_data(as_text=True)
    assert "Forespørsel om individuell plan" in page and "Mottatt" in page and "Kommunen har fått saken." in page
    assert "Svar innen" in page and "Ikke fordelt ennå" in page and "Horten kommune" in page

    expected = clock.today() + timedelta(days=45)
    handle(
        app,
        case_id,
        status="in_review",
        interim_answer="Vi venter på svar fra fastlegen.",
        interim_expected_by=expected,
        interim_sent_at=utcnow(),
        coordinator_id=True,
        steps=[Step.TAKEN, Step.INTERIM_ANSWER, Step.COORDINATOR_APPOINTED],
    )
    main = BeautifulSoup(client.get(f"/min-side/saker/{case_id}").get_data(as_text=True), "html.parser").main
    text = main.get_text(" ", strip=True)
    assert "Koordinerende enhet ser på saken" in text and "Hilde Brekke" in text
    assert "Vi venter på svar fra fastlegen." in text and "Foreløpig svar" in text
    assert "Koordinator er valgt: Mona Fjeld" in text
    assert main.find("time") is not None and "Klag på svaret" not in text  # nothing to complain about yet

    my_page = client.get("/min-side").get_data(as_text=True)
    assert "Saker hos kommunen" in my_page and f'href="/min-side/saker/{case_id}"' in my_page

    handle(
        app,
        case_id,
        status="decided",
        decision="declined",
        decision_reason="Du får allerede hjelp fra ett sted.",
        decided_at=utcnow(),
        steps=[Step.DECIDED],
    )
    main = BeautifulSoup(client.get(f"/min-side/saker/{case_id}").get_data(as_text=True), "html.parser").main
    text = main.get_text(" ", strip=True)
    assert "Kommunen sa nei." in text and "Du får allerede hjelp fra ett sted." in text and "Svar innen" not in text
    assert main.find("a", attrs={"href": f"/klage?sak={case_id}"}).get_text(strip=True) == "Klag på svaret"


def test_someone_elses_case_is_not_found(app, client):
    karis = make_case(app, KARI, Kind.COMPLAINT, complaint_reason="nothing_happens", complaint_text="Kari skrev dette")
    log_in_test_client(app, client, ARNE)
    response = client.get(f"/min-side/saker/{karis}")
    assert response.status_code == 404 and "Kari skrev dette" not in response.get_data(as_text=True)
    assert client.get("/min-side/saker/999999").status_code == 404
    assert "Kari skrev" not in client.get("/min-side/saker").get_data(as_text=True)


def test_randi_reads_olas_case_and_ola_sees_that_she_did(app, client):
    case_id = make_case(app, OLA, Kind.COMPLAINT, complaint_reason="not_taking_part", complaint_text="Ola skrev dette")
    act_for(app, client, RANDI, OLA)
    page = client.get(f"/min-side/saker/{case_id}").get_data(as_text=True)
    assert "Ola skrev dette" in page and "Saken gjelder Ola Berg." in page
    with app.app_context(), db.new_session() as s:
        read = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "case.read", AuditEvent.subject_id == _person_id(app, OLA))
        ).all()
    assert len(read) == 1 and read[0].actor_id == _person_id(app, RANDI)


def test_nils_sees_the_status_of_saras_own_complaint_but_not_her_words(app, client):
    case_id = make_case(
        app, SARA, Kind.COMPLAINT, complaint_reason="not_taking_part", complaint_text="Sara skrev dette selv"
    )
    handle(app, case_id, status="decided", decision="changed", decision_reason="Sara skal være med.", steps=[])
    act_for(app, client, NILS, SARA)
    page = client.get(f"/min-side/saker/{case_id}").get_data(as_text=True)
    assert "Klage" in page and "Kommunen har svart." in page and "Jeg får ikke være med på planleggingen" in page
    assert "Sara skrev dette selv" not in page and "Sara skal være med." not in page
    assert "Sara Lund sendte klagen selv." in page
    # A request is not private: Nils sees one Sara sent as she does.
    request_id = make_case(app, SARA, Kind.COORDINATOR_REQUEST)
    assert client.get(f"/min-side/saker/{request_id}").status_code == 200

    log_in_test_client(app, client, SARA)
    own = client.get(f"/min-side/saker/{case_id}").get_data(as_text=True)
    assert "Sara skrev dette selv" in own and "Sara skal være med." in own


def test_a_read_only_fullmakt_reads_the_case_but_may_not_complain(app, client):
    case_id = make_case(app, KARI)
    handle(app, case_id, status="decided", decision="declined", decision_reason="Grunnen.", steps=[Step.DECIDED])
    act_for(app, client, NILS, KARI)
    page = client.get(f"/min-side/saker/{case_id}").get_data(as_text=True)
    assert "Kommunen sa nei." in page and "/klage" not in page
    assert client.get("/klage").status_code == 403


def test_no_municipality_on_record_says_whom_to_contact_and_keeps_the_words(app, client):
    with app.app_context(), db.new_session() as s:
        s.execute(update(Person).where(Person.pid == ARNE).values(municipality_id=None))
        s.commit()
    log_in_test_client(app, client, ARNE)
    assert _post(client, "/be-om-plan", FORM).status_code == 303
    response = _post(client, "/be-om-plan/send", FORM)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Vi vet ikke hvilken kommune du hører til" in html and 'href="/kontakt"' in html
    assert cases_of(app, ARNE) == []
    with app.app_context(), db.new_session() as s:
        assert s.scalars(select(PlanRequest).where(PlanRequest.person_id == _person_id(app, ARNE))).all() == []
    assert FORM["wish"] in client.get("/be-om-plan").get_data(as_text=True)


def test_the_wizard_sent_without_a_municipality_says_whom_to_contact_and_stays_unsent(app, client):
    with app.app_context(), db.new_session() as s:
        s.execute(update(Person).where(Person.pid == ARNE).values(municipality_id=None))
        s.commit()
    log_in_test_client(app, client, ARNE)
    fill_in(client, {"leisure": "Jeg vil gå på kino."})
    response = send_wizard(client)
    assert response.status_code == 422 and "Vi vet ikke hvilken kommune" in response.get_data(as_text=True)
    assert cases_of(app, ARNE) == []
    assert "Jeg vil gå på kino." in client.get("/hva-er-viktig/se-over").get_data(as_text=True)
