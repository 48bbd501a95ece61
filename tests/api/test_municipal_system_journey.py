"""A scripted municipal system, over real HTTP both ways: a token from Maskinporten's stand-in,
then the person by identity number, her plan by the link the search gave, and its goals."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import requests
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal
from sqlalchemy import select

from app import db
from app.api import profile
from app.domain import clock
from app.domain.notice_topics import TOPIC_OF
from app.models import Measure, Municipality, OutboxEvent, Person, PlanChange
from app.notifications.facts import facts_of
from app.notifications.recipients import recipients
from app.services import planning
from tests.api import appointment_data
from tests.api.conftest import READ, WRITE
from tests.api.goal_writing import documented_create
from tests.api.test_measures import _measure
from tests.api.test_plan_writes import new_plan
from tests.api.test_retried_creates import ACOS
from tests.auth.sessions import log_in_test_client
from tests.conftest import serve_in_thread
from tests.notifications.conftest import coordinator_for
from tests.people import KARI


@pytest.fixture(scope="module")
def api_server(api_app):
    server = serve_in_thread(api_app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_askoys_system_reads_karis_plan_and_goals_over_http(api_server, askoy):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {askoy.token()}", "Accept": "application/fhir+json"})

    found = session.get(f"{api_server}/fhir/Patient", params={"identifier": f"{profile.FNR_SYSTEM}|{KARI}"}, timeout=10)
    assert found.headers["Content-Type"] == "application/fhir+json"
    patient = Bundle.model_validate_json(found.content).entry[0].resource

    plans = session.get(f"{api_server}/fhir/CarePlan", params={"patient": f"Patient/{patient.id}"}, timeout=10)
    (entry,) = Bundle.model_validate_json(plans.content).entry
    plan = session.get(entry.fullUrl, timeout=10)
    read = CarePlan.model_validate_json(plan.content)
    assert plan.headers["ETag"] == f'W/"{read.meta.versionId}"'
    assert plan.headers["Cache-Control"] == "no-store"

    goals = [
        Goal.model_validate_json(session.get(f"{api_server}/fhir/{g.reference}", timeout=10).content) for g in read.goal
    ]
    assert {goal.subject.identifier.value for goal in goals} == {KARI}
    assert all(goal.description.text.startswith("Jeg vil") for goal in goals)


# Synthetic (month + 80), made for this journey only: a person of Askøy the system makes a plan for.
NEWCOMER = "17859010148"


def _newcomer(api_app) -> int:
    with api_app.app_context(), db.new_session() as session:
        askoy = session.scalar(select(Municipality).where(Municipality.slug == "askoy"))
        person = Person(pid=NEWCOMER, name="Tor Testesen", birth_date=date(1990, 5, 17), municipality_id=askoy.id)
        session.add(person)
        session.commit()
        return person.id


def test_askoys_system_makes_a_plan_loses_a_race_with_the_coordinator_and_the_person_sees_it_all(
    api_server, api_app, askoy, app, client
):
    _newcomer(api_app)
    system = requests.Session()
    # The token from Maskinporten's stand-in over HTTP, as a real system gets it.
    system.headers.update(
        {"Authorization": f"Bearer {askoy.token(scope=f'{READ} {WRITE}')}", "Content-Type": "application/fhir+json"}
    )
    fhir = f"{api_server}/fhir"

    def send(method: str, path: str, body: dict | None = None, **headers) -> requests.Response:
        return system.request(
            method, f"{fhir}/{path}", data=json.dumps(body) if body else None, headers=headers, timeout=30
        )

    # The plan, with the coordinator the koordinerende enhet appointed; sent twice, as after a timeout.
    plan_body = {**new_plan(), "subject": {"identifier": {"system": profile.FNR_SYSTEM, "value": NEWCOMER}}}
    condition = {"If-None-Exist": f"patient.identifier={profile.FNR_SYSTEM}|{NEWCOMER}"}
    created = send("POST", "CarePlan", plan_body, **condition)
    assert created.status_code == 201, created.text
    assert send("POST", "CarePlan", plan_body, **condition).json()["id"] == created.json()["id"]
    plan_id = int(created.json()["id"])

    # Two goals and a measure for each, with their times, named by the system's own ids.
    goal = {**documented_create(plan_id), "subject": {"identifier": {"system": profile.FNR_SYSTEM, "value": NEWCOMER}}}
    goals = [
        send("POST", "Goal", {**goal, "description": {"text": text}, "identifier": [{"system": ACOS, "value": key}]})
        for key, text in (("m1", "Jeg vil bo i egen leilighet."), ("m2", "Jeg vil spille fotball på lørdager."))
    ]
    assert [answer.status_code for answer in goals] == [201, 201]
    monday = clock.today() + timedelta(days=7 - clock.today().weekday())
    measures = []
    for key, what, days, hour, goal_answer in (
        ("t1", "Botrening", ["mon", "wed"], "09:00:00", goals[0]),
        ("t2", "Følge til fotballtrening", ["sat"], "11:00:00", goals[1]),
    ):
        body = {
            **_measure(plan_id, int(goal_answer.json()["id"])),
            "subject": {"identifier": {"system": profile.FNR_SYSTEM, "value": NEWCOMER}},
            "code": {"text": what},
            "identifier": [{"system": ACOS, "value": key}],
        }
        body["occurrenceTiming"] = {
            "repeat": {
                "boundsPeriod": {"start": monday.isoformat()},
                "dayOfWeek": days,
                "frequency": len(days),
                "period": 1,
                "periodUnit": "wk",
                "timeOfDay": [hour],
                "duration": 60,
                "durationUnit": "min",
            }
        }
        measures.append(send("POST", "ServiceRequest", body))
    assert [answer.status_code for answer in measures] == [201, 201], measures[0].text

    # A koordineringsmøte with the person, the coordinator and the school.
    meeting = appointment_data.documented_create(plan_id, appointment_data.day_ahead(10))
    meeting["participant"][0]["actor"] = {"identifier": {"system": profile.FNR_SYSTEM, "value": NEWCOMER}}
    called = send("POST", "Appointment", meeting)
    assert called.status_code == 201, called.text

    # The system changes a measure with the version it read, but the coordinator got there first.
    measure_path = f"ServiceRequest/{measures[0].json()['id']}"
    read = send("GET", measure_path)
    with api_app.app_context(), db.new_session() as session:
        row = session.get(Measure, int(measures[0].json()["id"]))
        details = planning.MeasureDetails(what="Botrening med Line", service_name="Hjemmetjenesten")
        planning.change_measure(session, coordinator_for(session, row.plan), row, row.version, details, row.goal)
    changed = {**read.json(), "patientInstruction": "Vi øver på å lage middag."}
    lost = send("PUT", measure_path, changed, **{"If-Match": read.headers["ETag"]})
    assert lost.status_code == 412 and lost.json()["resourceType"] == "OperationOutcome"
    again = send("GET", measure_path)
    assert again.json()["code"]["text"] == "Botrening med Line"
    won = send(
        "PUT",
        measure_path,
        {**again.json(), "patientInstruction": "Vi øver på å lage middag."},
        **{"If-Match": again.headers["ETag"]},
    )
    assert won.status_code == 200 and won.headers["ETag"] != again.headers["ETag"]

    # The person sees all of it in Min plan: the plan, her goals, the measures in her week, the meeting.
    log_in_test_client(app, client, NEWCOMER)
    plan_page = client.get_page("plan.show").get_data(as_text=True)
    for words in ("Jeg vil bo i egen leilighet.", "Jeg vil spille fotball på lørdager.", "Botrening med Line"):
        assert words in plan_page
    week = client.get(f"/plan/denne-uka?uke={monday.isocalendar().year}-W{monday.isocalendar().week:02d}")
    week_page = week.get_data(as_text=True)
    assert "Botrening med Line" in week_page and "Følge til fotballtrening" in week_page
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    for line in ("opprettet planen din", "la til et mål", "endret et tiltak i planen din", "kalte inn til"):
        assert f"Askøy kommunes fagsystem {line}" in access_log
    assert "gjorde en endring" not in access_log

    # And she is told: each change is news on her plan, and the meeting an outbox row whose notice
    # goes to her (sent by the workers through the contact register: tests/notifications/).
    with api_app.app_context(), db.new_session() as session:
        changes = session.scalars(select(PlanChange).where(PlanChange.plan_id == plan_id)).all()
        outbox = session.scalars(
            select(OutboxEvent).where(
                OutboxEvent.source == "plan_change", OutboxEvent.source_id.in_([c.id for c in changes])
            )
        ).all()
        told = set()
        for row in outbox:
            topic = TOPIC_OF.get(row.name)
            facts = facts_of(session, row) if topic is not None else None
            told |= {r.pid for r in recipients(session, facts, topic)} if facts is not None else set()
    assert {"goal.added", "measure.added", "meeting.called", "measure.changed"} <= {c.name for c in changes}
    # A meeting called is worth an e-mail or SMS; new goals and measures are news on the plan.
    assert "meeting.called" in {row.name for row in outbox}
    assert told == {NEWCOMER}
