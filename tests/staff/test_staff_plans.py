"""A person's plan on the staff side: the appointed coordinator reads it, a KE officer of the
person's municipality only after stating a reason that the person then reads in their access log,
and nobody else learns that it exists."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from app import db
from app.models import AuditEvent, Person, Plan
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, OLA
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
    staff_member_id,
)

CASELOAD = "/ansatt/planer"
REASON = "Kari har klaget, og jeg må se hvilke tiltak som er avtalt."


def _plan_id(app, pid: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def _plan_url(app, pid: str) -> str:
    return f"{CASELOAD}/{_plan_id(app, pid)}"


def _staff_rows(app, pid: str, username: str) -> list[AuditEvent]:
    member = staff_member_id(app, username)
    with app.app_context():
        return list(
            db.db_session().scalars(
                select(AuditEvent)
                .join(Person, AuditEvent.subject_id == Person.id)
                .where(Person.pid == pid, AuditEvent.staff_member_id == member)
                .order_by(AuditEvent.id)
            )
        )


def test_the_coordinator_sees_her_plan_in_her_caseload_and_opens_it(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    html = client.get(CASELOAD).get_data(as_text=True)
    assert "Kari Nordmann" in html and "Ola Berg" not in html
    assert f'href="{_plan_url(app, KARI)}"' in html
    response = client.get(_plan_url(app, KARI))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Planen til Kari Nordmann" in page and "Mål" in page and "Tiltak" in page
    [row] = [row for row in _staff_rows(app, KARI, ASKOY_COORDINATOR) if row.action == "plan.read"]
    assert row.action == "plan.read" and row.basis == "staff:coordinator"
    assert row.details["staff_name"] == "Line Haugland" and row.details["municipality"] == "Askøy"


def test_another_coordinator_in_the_same_municipality_gets_nothing(app, client, caplog):
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    assert "Kari Nordmann" not in client.get(CASELOAD).get_data(as_text=True)
    assert client.get(_plan_url(app, KARI)).status_code == 404
    assert any(getattr(r, "event", None) == "policy.object_refused" and r.object_type == "plan" for r in caplog.records)
    assert _staff_rows(app, KARI, ASKOY_OTHER_COORDINATOR) == []


def test_a_coordinator_in_another_municipality_sees_only_her_own(app, client):
    log_in_staff(app, client, LUSTER_COORDINATOR)
    html = client.get(CASELOAD).get_data(as_text=True)
    assert "Ola Berg" in html and "Kari Nordmann" not in html
    assert client.get(_plan_url(app, KARI)).status_code == 404
    assert client.get(_plan_url(app, OLA)).status_code == 200
    assert client.get(f"{CASELOAD}/999999").status_code == 404


def test_the_officer_states_a_reason_and_the_person_reads_it(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    url = _plan_url(app, KARI)
    asked = client.get(url)
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "Hvorfor trenger du å se planen?" in html and "Tiltak" not in html
    assert _staff_rows(app, KARI, ASKOY_OFFICER) == []  # nothing of the plan shown, nothing to log

    token = client.csrf_token(url)
    for bad in ("", "sjekk", "x" * 501):
        refused = client.post(f"{url}/begrunnelse", {"csrf_token": token, "reason": bad})
        assert refused.status_code == 422, bad
        assert "Dette må rettes" in refused.get_data(as_text=True)
    sent = client.post(f"{url}/begrunnelse", {"csrf_token": token, "reason": REASON})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(url)
    shown = client.get(url)
    assert shown.status_code == 200 and "Tiltak" in shown.get_data(as_text=True)
    assert client.get(url).status_code == 200  # the reason holds for the rest of the session
    rows = _staff_rows(app, KARI, ASKOY_OFFICER)
    assert [r.action for r in rows] == ["plan.read_with_reason"] * 2
    assert rows[0].details["reason"] == REASON and rows[0].basis == "staff:ke_officer"

    log_in_test_client(app, client, KARI)
    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Saksbehandler Hilde Brekke i koordinerende enhet, Askøy kommune, åpnet planen din" in log
    assert f"Begrunnelse: {REASON}" in log


def test_the_officer_cannot_open_another_municipalitys_plan(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    url = _plan_url(app, OLA)
    assert client.get(url).status_code == 404
    assert (
        client.post(f"{url}/begrunnelse", {"csrf_token": client.csrf_token(url), "reason": REASON}).status_code == 404
    )


def test_a_coordinator_cannot_give_a_reason(app, client):
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    url = _plan_url(app, KARI)
    assert (
        client.post(f"{url}/begrunnelse", {"csrf_token": client.csrf_token(url), "reason": REASON}).status_code == 403
    )


def test_a_staff_member_without_a_role_is_refused(app, client):
    log_in_staff(app, client, NO_ROLE)
    assert client.get(CASELOAD).status_code == 403
    assert client.get(_plan_url(app, KARI)).status_code == 403


def test_a_citizen_never_reaches_the_staff_pages(app, client):
    log_in_test_client(app, client, KARI)
    for url in (CASELOAD, _plan_url(app, KARI)):
        response = client.get(url)
        assert response.status_code in (302, 303) and "/ansatt/logg-inn" in response.headers["Location"], url


def test_a_staff_session_is_not_a_citizen_login(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = client.get("/min-side")
    assert response.status_code in (302, 303)
    with app.test_request_context():
        assert response.headers["Location"].startswith(url_for("auth.login"))
