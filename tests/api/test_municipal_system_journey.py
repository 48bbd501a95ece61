"""A scripted municipal system, over real HTTP both ways: a token from Maskinporten's stand-in,
then the person by identity number, her plan by the link the search gave, and its goals."""

from __future__ import annotations

import pytest
import requests
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal

from app.api import profile
from tests.conftest import serve_in_thread
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
