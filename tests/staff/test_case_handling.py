"""Handling a case on the KE's desk: take, interim answer, appoint, decide, close; bad input at
the fields; two officers at once, one wins; a decided or closed case takes no more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import db
from app.domain import clock
from app.domain.cases import Kind
from app.domain.staff_access import Role
from app.models import AuditEvent, CaseEvent, Municipality, Plan, PlanRequest
from app.services import staff as staff_service
from tests.conftest import PageClient
from tests.staff.cases import age_case, case_row, send_case
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    log_in_staff,
    staff_member_id,
)


def _post(client, case_id: int, action: str, **data):
    path = f"/ansatt/saker/{case_id}/{action}"
    data.setdefault("version", str(case_row(client.app, case_id).version))
    return client.post(path, data={"csrf_token": client.csrf_token(path), **data})


def _events(app, case_id: int) -> list[str]:
    with app.app_context():
        return list(db.db_session().scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id)))


def _audit(app, case_id: int) -> list[str]:
    person_id = case_row(app, case_id).person_id
    with app.app_context():
        return list(
            db.db_session().scalars(
                select(AuditEvent.action).where(
                    AuditEvent.subject_id == person_id, AuditEvent.staff_member_id.isnot(None)
                )
            )
        )


def _day(days: int) -> str:
    return (clock.today() + timedelta(days=days)).strftime("%d.%m.%Y")


def test_taking_a_case(app, client):
    case_id = send_case(app)
    officer = log_in_staff(app, client, ASKOY_OFFICER)
    response = _post(client, case_id, "ta")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/ansatt/saker/{case_id}")
    case = case_row(app, case_id)
    assert case.handler_id == officer and case.status == "in_review" and case.version == 2
    assert _events(app, case_id) == ["received", "taken"] and "case.taken" in _audit(app, case_id)
    assert "Du behandler nå saken." in client.get(f"/ansatt/saker/{case_id}").get_data(as_text=True)


def test_a_forged_version_or_case_is_refused(app, client):
    case_id, luster = send_case(app), send_case(app, municipality="luster")
    log_in_staff(app, client, ASKOY_OFFICER)
    assert _post(client, case_id, "ta", version="1x").status_code == 400
    assert _post(client, luster, "ta").status_code == 404
    assert case_row(app, luster).handler_id is None


def test_the_interim_answer_says_why_and_when(app, client):
    case_id = send_case(app)
    age_case(app, case_id, 25)
    log_in_staff(app, client, ASKOY_OFFICER)
    assert "Trenger foreløpig svar" in client.get("/ansatt/saker").get_data(as_text=True)
    response = _post(client, case_id, "forelopig-svar", text="", expected_by=_day(0))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv hvorfor saken tar tid, med enkle ord." in html and "Datoen for svar må være etter i dag." in html
    assert 'href="#field-text"' in html and 'href="#field-expected_by"' in html
    response = _post(client, case_id, "forelopig-svar", text="Vi venter på legen.", expected_by="31.02.2030")
    assert response.status_code == 422 and "Vi venter på legen." in response.get_data(as_text=True)  # kept
    response = _post(client, case_id, "forelopig-svar", text="Vi venter på legen.", expected_by=_day(20))
    assert response.status_code == 303
    case = case_row(app, case_id)
    assert case.interim_answer == "Vi venter på legen." and case.interim_expected_by == clock.today() + timedelta(20)
    assert "interim_answer" in _events(app, case_id)
    html = client.get("/ansatt/saker?attention=interim").get_data(as_text=True)
    assert f"/ansatt/saker/{case_id}" not in html  # answered: the due date is the interim answer's


def test_appointing_a_coordinator_of_the_municipality(app, client):
    case_id = send_case(app)
    log_in_staff(app, client, ASKOY_OFFICER)
    for refused in (str(staff_member_id(app, LUSTER_COORDINATOR)), "abc", ""):
        response = _post(client, case_id, "koordinator", coordinator_id=refused)
        assert response.status_code == 422, refused
        assert 'id="field-coordinator_id-error"' in response.get_data(as_text=True)
    line = staff_member_id(app, ASKOY_COORDINATOR)
    assert _post(client, case_id, "koordinator", coordinator_id=str(line)).status_code == 303
    assert case_row(app, case_id).coordinator_id == line
    assert "coordinator_appointed" in _events(app, case_id)


def test_a_decision_must_fit_the_case(app, client):
    case_id = send_case(app)
    log_in_staff(app, client, ASKOY_OFFICER)
    cases = [
        ({"decision": "granted"}, "Velg en koordinator før du gjør dette vedtaket."),
        ({"decision": "declined", "reason": "  "}, "Skriv begrunnelsen med enkle ord."),
        ({"decision": "changed", "reason": "Ja."}, "Velg et vedtak som passer til denne saken."),
        ({}, "Velg et vedtak."),
    ]
    for data, message in cases:
        response = _post(client, case_id, "vedtak", **data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), data
    assert case_row(app, case_id).status == "received"


def test_granted_gives_the_person_a_plan_with_the_coordinator(app, client):
    case_id = send_case(app)
    log_in_staff(app, client, ASKOY_OFFICER)
    line = staff_member_id(app, ASKOY_COORDINATOR)
    assert _post(client, case_id, "koordinator", coordinator_id=str(line)).status_code == 303
    assert _post(client, case_id, "vedtak", decision="granted").status_code == 303
    case = case_row(app, case_id)
    assert case.status == "decided" and case.decision == "granted"
    with app.app_context():
        session = db.db_session()
        plan = session.scalar(select(Plan).where(Plan.owner_id == case.person_id))
        assert plan.coordinator_id == line and plan.coordinator_name == "Line Haugland"
        assert session.get(PlanRequest, case.plan_request_id).status == "decided"
    assert {"plan.created", "case.decided"} <= set(_audit(app, case_id))
    # Decided: no more actions, a clear answer.
    response = _post(client, case_id, "lukk")
    assert response.status_code == 409
    assert "Saken er allerede avgjort eller lukket" in response.get_data(as_text=True)


def test_declined_with_a_reason_in_plain_words(app, client):
    case_id = send_case(app, kind=Kind.COORDINATOR_REQUEST)
    log_in_staff(app, client, ASKOY_OFFICER)
    response = _post(client, case_id, "vedtak", decision="declined", reason="Du får hjelp fra NAV allerede.")
    assert response.status_code == 303
    case = case_row(app, case_id)
    assert case.decision == "declined" and case.decision_reason == "Du får hjelp fra NAV allerede."


def test_closing_a_case_ends_it(app, client):
    case_id = send_case(app)
    log_in_staff(app, client, ASKOY_OFFICER)
    assert _post(client, case_id, "lukk").status_code == 303
    assert case_row(app, case_id).status == "closed"
    assert _post(client, case_id, "ta").status_code == 409
    html = client.get(f"/ansatt/saker/{case_id}").get_data(as_text=True)
    assert "Den kan ikke endres lenger." in html and 'action="/ansatt/saker/' not in html


def test_two_officers_on_one_case_one_wins_the_other_sees_what_happened(app, client):
    case_id = send_case(app)
    other = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
    with app.app_context():
        session = db.db_session()
        askoy = session.scalar(select(Municipality.id).where(Municipality.slug == "askoy"))
        staff_service.grant_role(session, None, other, askoy, Role.KE_OFFICER)
    second = PageClient(app.test_client(), app)
    log_in_staff(app, client, ASKOY_OFFICER)
    log_in_staff(app, second, ASKOY_OTHER_COORDINATOR)
    first_answer = _post(client, case_id, "ta", version="1")
    second_answer = _post(
        second, case_id, "forelopig-svar", version="1", text="Vi trenger mer tid.", expected_by=_day(30)
    )
    assert first_answer.status_code == 303 and second_answer.status_code == 409
    html = second_answer.get_data(as_text=True)
    assert "Saken ble endret mens du arbeidet med den" in html and "Hilde Brekke" in html
    assert "Vi trenger mer tid." in html  # what was typed, kept beside the case as it is now
    assert 'name="version" value="2"' in html
    assert _events(app, case_id) == ["received", "taken"]
    assert case_row(app, case_id).interim_answer is None
