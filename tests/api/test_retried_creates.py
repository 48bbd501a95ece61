"""A create sent again (a retry after a timeout, two workers sending the same change) makes one
goal or measure, found by the creating system's own identifier; without one, each create is new."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import Goal, Measure
from tests.api.conftest import READ, WRITE
from tests.api.goal_writing import documented_create, ids, issue
from tests.api.test_measures import _measure
from tests.conftest import serve_in_thread
from tests.people import KARI

ACOS = "urn:oid:2.16.578.1.12.4.1.2.99999"  # a made-up municipal system's own OID arc


def _count(api_app, model) -> int:
    with api_app.app_context(), db.new_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _goal(api_app, value: str) -> dict:
    plan_id, _ = ids(api_app, KARI)
    return {**documented_create(plan_id), "identifier": [{"system": ACOS, "value": value}]}


def test_a_goal_sent_twice_is_made_once_and_read_back_with_its_identifier(fhir_call, api_app):
    before = _count(api_app, Goal)

    first = fhir_call("POST", "/fhir/Goal", _goal(api_app, "mål-1"))
    again = fhir_call("POST", "/fhir/Goal", _goal(api_app, "mål-1"))
    other = fhir_call("POST", "/fhir/Goal", _goal(api_app, "mål-2"))

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.get_json()["id"] == first.get_json()["id"] != other.get_json()["id"]
    assert _count(api_app, Goal) == before + 2
    read = fhir_call("GET", f"/fhir/Goal/{first.get_json()['id']}").get_json()
    assert read["identifier"] == [{"system": ACOS, "value": "mål-1"}]


def test_a_create_without_identifier_is_new_each_time(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    before = _count(api_app, Goal)

    fhir_call("POST", "/fhir/Goal", documented_create(plan_id))
    fhir_call("POST", "/fhir/Goal", documented_create(plan_id))

    assert _count(api_app, Goal) == before + 2


def test_the_condition_must_name_the_resources_identifier(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    sent = {**_measure(plan_id), "identifier": [{"system": ACOS, "value": "tiltak-1"}]}

    wrong = fhir_call("POST", "/fhir/ServiceRequest", sent, headers={"If-None-Exist": f"identifier={ACOS}|tiltak-2"})
    right = fhir_call("POST", "/fhir/ServiceRequest", sent, headers={"If-None-Exist": f"identifier={ACOS}|tiltak-1"})
    repeated = fhir_call("POST", "/fhir/ServiceRequest", sent, headers={"If-None-Exist": f"identifier={ACOS}|tiltak-1"})

    assert wrong.status_code == 400 and issue(wrong) == "invalid"
    assert (right.status_code, repeated.status_code) == (201, 200)
    assert repeated.get_json()["id"] == right.get_json()["id"]


def test_an_identifier_stays_what_it_was_created_with(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    created = fhir_call(
        "POST", "/fhir/ServiceRequest", {**_measure(plan_id), "identifier": [{"system": ACOS, "value": "tiltak-3"}]}
    )
    body, etag = created.get_json(), {"If-Match": created.headers["ETag"]}
    path = f"/fhir/ServiceRequest/{body['id']}"

    moved = fhir_call("PUT", path, {**body, "identifier": [{"system": ACOS, "value": "tiltak-4"}]}, headers=etag)
    kept = fhir_call("PUT", path, body, headers=etag)

    assert moved.status_code == 422 and issue(moved) == "business-rule"
    assert kept.status_code == 200 and kept.get_json()["identifier"] == body["identifier"]


def test_a_deleted_measure_is_made_anew_by_its_identifier(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    sent = {**_measure(plan_id), "identifier": [{"system": ACOS, "value": "tiltak-5"}]}
    before = _count(api_app, Measure)
    first = fhir_call("POST", "/fhir/ServiceRequest", sent)
    fhir_call("DELETE", f"/fhir/ServiceRequest/{first.get_json()['id']}", headers={"If-Match": first.headers["ETag"]})

    again = fhir_call("POST", "/fhir/ServiceRequest", sent)

    # (SQLite may give the new row the deleted one's id: it is still a new row.)
    assert again.status_code == 201 and _count(api_app, Measure) == before + 1
    assert (
        fhir_call("GET", f"/fhir/ServiceRequest/{again.get_json()['id']}").get_json()["identifier"]
        == sent["identifier"]
    )


@pytest.mark.parametrize(
    "identifier",
    [
        [{"system": profile.FNR_SYSTEM, "value": KARI}],
        [{"system": f"{profile.PROFILE_BASE}/goal", "value": "1"}],
        [{"system": "min-system", "value": "1"}],
        [{"system": ACOS, "value": "1"}, {"system": ACOS, "value": "2"}],
        [{"system": ACOS, "value": "x" * 201}],
    ],
)
def test_an_identifier_that_is_not_the_systems_own_is_refused(fhir_call, api_app, identifier):
    before = _count(api_app, Goal)

    refused = fhir_call("POST", "/fhir/Goal", {**_goal(api_app, "x"), "identifier": identifier})

    assert refused.status_code == 422
    assert _count(api_app, Goal) == before


def test_the_same_create_sent_at_once_by_four_workers_is_made_once(api_app, askoy):
    server = serve_in_thread(api_app)
    url = f"http://127.0.0.1:{server.server_port}/fhir/ServiceRequest"
    plan_id, _ = ids(api_app, KARI)
    sent = {**_measure(plan_id), "identifier": [{"system": ACOS, "value": "tiltak-samtidig"}]}
    tokens = [askoy.token(scope=f"{READ} {WRITE}") for _ in range(4)]
    before = _count(api_app, Measure)

    def post(token: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/fhir+json"}
        return requests.post(url, json=sent, headers=headers, timeout=30)

    try:
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(post, tokens))
    finally:
        server.shutdown()

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201, 409}, statuses
    assert all(a.headers.get("Retry-After") for a in answers if a.status_code == 409)
    assert _count(api_app, Measure) == before + 1
