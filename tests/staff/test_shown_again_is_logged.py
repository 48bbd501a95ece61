"""A refused or stale form answers with the page it came from, the person's data and all: that look
is in the person's access log as the page's own look is, in the role the staff member acts in. A
curious officer who sends a wrong version on purpose leaves the same trace as one who opens the page.

Every staff form on a case or a plan, from the URL map (a new one cannot be forgotten), is sent
empty and with a version that never was, as the one whose work it is."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import AuditEvent
from app.sessions import STAFF_PREFIX
from tests.staff.access_objects import CASE_ROUTES, World
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, log_in_staff
from tests.staff.test_plan_work_access import _routes

PAGE_ANSWERS = (200, 409, 422)
FORMS = ({}, {"version": "999"})  # nothing filled in; a version no row ever had


def _rows_since(app, after: int) -> list[AuditEvent]:
    with app.app_context(), db.new_session() as s:
        rows = list(s.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)))
        s.expunge_all()
        return rows


def _last_id(app) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def _send_each(app, client, forms: list[tuple[str, str, int]], member: int, role: str) -> set[int]:
    """Send every form; every page answer must have left a row of this staff member in the person's
    log, in `role`. Returns the statuses seen, so the walk shows it met refusals at all."""
    token = client.csrf_token(STAFF_PREFIX + "/")
    seen = set()
    for endpoint, url, person in forms:
        for data in FORMS:
            before = _last_id(app)
            response = client.client.post(url, data={"csrf_token": token, **data})
            where = (endpoint, data, response.status_code)
            assert response.status_code < 500, where
            seen.add(response.status_code)
            if response.status_code not in PAGE_ANSWERS:
                continue
            rows = [r for r in _rows_since(app, before) if r.staff_member_id == member]
            assert rows, (*where, "the page was shown again, and nothing is in the person's access log")
            assert {(r.subject_id, r.basis) for r in rows} == {(person, f"staff:{role}")}, where
    return seen


def test_a_coordinators_refused_and_stale_forms_are_in_the_access_log(app, client):
    world = World(app)
    plan_id, kari = world.plans["askoy"]
    member = log_in_staff(app, client, ASKOY_COORDINATOR)
    forms = [(endpoint, url, kari) for endpoint, method, url in _routes(app) if method == "POST"]
    assert len(forms) > 10  # the walk reaches the coordinator's forms
    assert {422, 409} <= _send_each(app, client, forms, member, "coordinator")


def test_an_officers_refused_and_stale_case_forms_are_in_the_access_log(app, client):
    world = World(app)
    member = log_in_staff(app, client, ASKOY_OFFICER)
    forms = []
    for endpoint in CASE_ROUTES[1:]:  # the forms; the first is the page
        url, _data, person = world.request(endpoint, "askoy")
        forms.append((endpoint, url, person))
    assert {422, 409} <= _send_each(app, client, forms, member, "ke_officer")


def test_a_coordinator_who_is_also_an_officer_opens_and_writes_her_plan_as_its_coordinator(app, client):
    """Both roles in one municipality: her own plan is opened and changed as its coordinator (no reason
    asked), never logged as the KE's, who read plans only with a reason and never write them."""
    from app.domain.staff_access import Role
    from app.services import staff as staff_service

    world = World(app)
    plan_id, kari = world.plans["askoy"]
    member = log_in_staff(app, client, ASKOY_COORDINATOR)
    with app.app_context():
        staff_service.grant_role(db.db_session(), None, member, world.places["askoy"], Role.KE_OFFICER)
    before = _last_id(app)
    assert client.client.get(f"{STAFF_PREFIX}/planer/{plan_id}").status_code == 200
    assert client.client.get(f"{STAFF_PREFIX}/planer/{plan_id}/rediger").status_code == 200
    forms = [(endpoint, url, kari) for endpoint, method, url in _routes(app) if method == "POST"]
    _send_each(app, client, forms, member, "coordinator")
    rows = [r for r in _rows_since(app, before) if r.staff_member_id == member]
    assert rows and {r.basis for r in rows} == {"staff:coordinator"}
    assert {r.details["staff_role"] for r in rows} == {"coordinator"}
