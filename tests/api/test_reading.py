"""Askøy's own system reads its people's plans through the FHIR API, and only theirs; every
resource it gets is valid FHIR, and the person's access log says it was read."""

from __future__ import annotations

import logging

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.patient import Patient
from sqlalchemy import select

from app import db
from app.api import profile
from app.models import AuditEvent, Person, Plan
from app.models import Goal as GoalRow
from tests.people import KARI, SARA

FNR = profile.FNR_SYSTEM


def _ids(api_app, pid: str) -> tuple[int, int]:
    with api_app.app_context(), db.new_session() as session:
        person = session.scalar(select(Person).where(Person.pid == pid))
        plan_id = session.scalar(select(Plan.id).where(Plan.owner_id == person.id))
        return person.id, plan_id


def _api_reads(api_app, person_id: int) -> list[AuditEvent]:
    with api_app.app_context(), db.new_session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.subject_id == person_id, AuditEvent.basis == "system:api")
            )
        )


def test_the_system_finds_a_person_of_its_municipality_by_identity_number(fhir, api_app):
    response = fhir(f"/fhir/Patient?identifier={FNR}|{KARI}")

    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    bundle = Bundle.model_validate_json(response.get_data())
    assert bundle.type == "searchset" and bundle.total == 1
    patient = Patient.model_validate(bundle.entry[0].resource.model_dump())
    assert patient.identifier[0].system == FNR and patient.identifier[0].value == KARI
    person_id, _ = _ids(api_app, KARI)
    assert [event.details["orgno"] for event in _api_reads(api_app, person_id)] == ["310900028"]


def test_a_person_of_another_municipality_is_not_found_and_the_attempt_logged(fhir, api_app, caplog):
    person_id, plan_id = _ids(api_app, SARA)  # Horten
    with api_app.app_context(), db.new_session() as session:
        goal_id = session.scalar(select(GoalRow.id).where(GoalRow.plan_id == plan_id))

    with caplog.at_level(logging.WARNING, logger="minplan.api"):
        search = fhir(f"/fhir/Patient?identifier={FNR}|{SARA}")
        read = fhir(f"/fhir/Patient/{person_id}")
        plan = fhir(f"/fhir/CarePlan/{plan_id}")
        goal = fhir(f"/fhir/Goal/{goal_id}")
        missing = fhir("/fhir/CarePlan/999999")

    assert Bundle.model_validate_json(search.get_data()).total == 0
    assert [r.status_code for r in (read, plan, goal, missing)] == [404] * 4
    assert plan.get_json() == missing.get_json()  # the same answer as for a plan that does not exist
    refused = [(r.orgno, r.object_type) for r in caplog.records if getattr(r, "event", "") == "api.object_refused"]
    assert refused == [("310900028", kind) for kind in ("Patient", "Patient", "CarePlan", "Goal")]
    assert SARA not in caplog.text
    assert _api_reads(api_app, person_id) == []


def test_the_plan_is_read_with_its_version_and_goals(fhir, api_app):
    _, plan_id = _ids(api_app, KARI)

    response = fhir(f"/fhir/CarePlan/{plan_id}")

    assert response.status_code == 200
    plan = CarePlan.model_validate_json(response.get_data())
    assert response.headers["ETag"] == f'W/"{plan.meta.versionId}"'
    assert plan.meta.lastUpdated is not None
    assert plan.subject.identifier.value == KARI
    assert plan.goal and plan.activity
    goal = fhir(f"/fhir/{plan.goal[0].reference}")
    assert goal.status_code == 200
    read = Goal.model_validate_json(goal.get_data())
    assert read.category[0].coding[0].system == profile.LIFE_AREA_SYSTEM
    assert goal.headers["ETag"] == f'W/"{read.meta.versionId}"'


def test_what_the_api_does_not_offer_is_answered_in_fhir(api_app):
    client = api_app.test_client()

    create = client.post("/fhir/Patient", json={"resourceType": "Patient"})
    delete = client.delete("/fhir/Goal/1")
    unknown = client.get("/fhir/Observation?patient=1")

    assert (create.status_code, delete.status_code, unknown.status_code) == (405, 405, 404)
    assert "GET" in create.headers["Allow"]
    assert all(r.get_json()["resourceType"] == "OperationOutcome" for r in (create, delete, unknown))


def test_a_system_holding_the_current_version_gets_a_304(fhir, api_app):
    _, plan_id = _ids(api_app, KARI)
    first = fhir(f"/fhir/CarePlan/{plan_id}")

    again = fhir(f"/fhir/CarePlan/{plan_id}", headers={"If-None-Match": first.headers["ETag"]})
    stale = fhir(f"/fhir/CarePlan/{plan_id}", headers={"If-None-Match": 'W/"0.0"'})

    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert stale.status_code == 200


def test_a_goal_the_person_proposed_says_she_did_and_one_the_coordinator_wrote_does_not(fhir, api_app):
    with api_app.app_context(), db.new_session() as session:
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        plan = session.scalar(select(Plan).where(Plan.owner_id == kari.id))
        proposed = session.scalar(select(GoalRow.id).where(GoalRow.plan_id == plan.id, GoalRow.status == "proposed"))
        written = session.scalar(
            select(GoalRow.id).where(GoalRow.plan_id == plan.id, GoalRow.status == "agreed", GoalRow.answer.is_(None))
        )

    from_her = fhir(f"/fhir/Goal/{proposed}").get_json()
    from_coordinator = fhir(f"/fhir/Goal/{written}").get_json()

    assert from_her["lifecycleStatus"] == "proposed"
    assert from_her["expressedBy"]["reference"] == f"Patient/{kari.id}"
    assert "expressedBy" not in from_coordinator
