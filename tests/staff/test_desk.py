"""The KE's desk: an officer sees her own municipality's cases and nobody else's, filtered,
sorted and counted; opening a case shows what came in and is written to the person's access log."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from app import db
from app.domain.cases import Kind
from app.models import AuditEvent, Case
from tests.auth.sessions import log_in_test_client
from tests.staff.cases import age_case, case_row, send_case
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
    staff_member_id,
)

DESK = "/ansatt/saker"


def _name(app, case_id: int) -> str:
    with app.app_context():
        return db.db_session().get(Case, case_id).person.name


def test_the_officer_sees_her_municipalitys_cases_only(app, client):
    askoy, luster = send_case(app), send_case(app, municipality="luster")
    log_in_staff(app, client, ASKOY_OFFICER)
    for status in ("open", "all"):
        html = client.get(f"{DESK}?status={status}").get_data(as_text=True)
        assert _name(app, askoy) in html and f"/ansatt/saker/{askoy}" in html
        assert _name(app, luster) not in html and f"/ansatt/saker/{luster}" not in html
    assert "Jeg vil gjerne ha Line som koordinator." in html  # the wish beside the row
    assert "dager igjen" in html


@pytest.mark.parametrize("who", [ASKOY_COORDINATOR, LUSTER_COORDINATOR, NO_ROLE])
def test_staff_without_the_officers_role_are_refused(app, client, who):
    case_id = send_case(app)
    log_in_staff(app, client, who)
    assert client.get(DESK).status_code == 403
    assert client.get(f"{DESK}/{case_id}").status_code == 403


def test_a_citizen_session_is_sent_to_the_staff_login(app, client):
    case_id = send_case(app)
    log_in_test_client(app, client)
    for path in (DESK, f"{DESK}/{case_id}"):
        response = client.client.get(path)
        assert response.status_code in (302, 303)
        assert "/ansatt/logg-inn" in response.headers["Location"]


def test_another_municipalitys_case_or_a_missing_one_is_not_found_and_logged(app, client, caplog):
    luster = send_case(app, municipality="luster")
    log_in_staff(app, client, ASKOY_OFFICER)
    with caplog.at_level(logging.WARNING, logger="minplan.policy"):
        assert client.get(f"{DESK}/{luster}").status_code == 404
        assert client.get(f"{DESK}/999999").status_code == 404
    refused = [r for r in caplog.records if getattr(r, "event", None) == "policy.object_refused"]
    assert len(refused) == 2 and all(r.object_type == "case" for r in refused)


def test_opening_a_case_shows_what_came_in_and_is_logged_for_the_person(app, client):
    case_id = send_case(app)
    officer = log_in_staff(app, client, ASKOY_OFFICER)
    response = client.get(f"{DESK}/{case_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for shown in ("Jeg vil gjerne ha Line som koordinator.", "912 34 567", "Mamma", "Mottatt", "dager igjen"):
        assert shown in html
    assert "Line Haugland" in html and "Mona Fjeld" in html  # the municipality's coordinators to choose among
    assert "Ingrid Myklebust" not in html  # Luster's
    assert client.get(f"{DESK}/{case_id}", htmx=True).status_code == 200
    person_id = case_row(app, case_id).person_id
    with app.app_context():
        rows = db.db_session().scalars(
            select(AuditEvent).where(AuditEvent.subject_id == person_id, AuditEvent.action == "case.read")
        )
        read = list(rows)
    assert len(read) == 2 and read[0].staff_member_id == officer
    assert read[0].details["staff_name"] and read[0].details["municipality"] == "Askøy"


def test_the_counts_and_filters_follow_the_one_month_rule(app, client):
    fresh, near, late = send_case(app), send_case(app), send_case(app)
    age_case(app, near, 25)  # a week or less left: an interim answer is needed
    age_case(app, late, 40)  # past the month
    log_in_staff(app, client, ASKOY_OFFICER)
    html = client.get(DESK).get_data(as_text=True)
    assert "saker over fristen" in html or "sak over fristen" in html
    overdue = client.get(f"{DESK}?attention=overdue").get_data(as_text=True)
    assert f"{DESK}/{late}" in overdue and f"{DESK}/{fresh}" not in overdue and f"{DESK}/{near}" not in overdue
    assert "Forfalt for" in overdue
    interim = client.get(f"{DESK}?attention=interim").get_data(as_text=True)
    assert f"{DESK}/{near}" in interim and f"{DESK}/{late}" in interim and f"{DESK}/{fresh}" not in interim
    mine = client.get(f"{DESK}?mine=1").get_data(as_text=True)
    assert f"{DESK}/{fresh}" not in mine
    by_deadline = client.get(DESK).get_data(as_text=True)
    assert (
        by_deadline.index(f"{DESK}/{late}") < by_deadline.index(f"{DESK}/{near}") < by_deadline.index(f"{DESK}/{fresh}")
    )
    received = client.get(f"{DESK}?sort=received").get_data(as_text=True)
    assert received.index(f"{DESK}/{fresh}") < received.index(f"{DESK}/{late}")
    assert client.get(f"{DESK}?kind=complaint").status_code == 200
    assert f"{DESK}/{fresh}" not in client.get(f"{DESK}?kind=complaint").get_data(as_text=True)


def test_a_filter_the_page_never_offered_is_answered_at_its_field(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    response = client.get(f"{DESK}?status=everything&sort=name")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count("Velg blant valgene på siden.") >= 4  # summary and field, for each
    assert 'href="#field-status"' in html and 'href="#field-sort"' in html


def test_the_desk_costs_the_same_statements_however_many_cases(app, client, count_queries):
    send_case(app)
    log_in_staff(app, client, ASKOY_OFFICER)
    client.get(DESK)
    with count_queries() as few:
        client.get(DESK)
    for kind in (Kind.PLAN_REQUEST, Kind.COMPLAINT, Kind.COORDINATOR_REQUEST):
        send_case(app, kind=kind)
    with count_queries() as many:
        html = client.get(DESK).get_data(as_text=True)
    assert "Klage" in html
    assert many.count == few.count


def test_the_desk_is_in_the_officers_menu(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    html = client.get("/ansatt/").get_data(as_text=True)
    assert 'href="/ansatt/saker"' in html
    assert staff_member_id(app, ASKOY_OFFICER)
