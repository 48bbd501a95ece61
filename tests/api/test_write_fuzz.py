"""Every write of the FHIR API, fuzzed: a valid resource with its elements dropped, replaced by any
JSON, or joined by one it does not have, and bodies that are not resources at all. No answer may be
5xx, every refusal is an OperationOutcome, and nothing is written by a refused request."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app import db
from app.models import Goal, Measure, Meeting, Plan
from tests.api import appointment_data
from tests.api.goal_writing import documented_create, ids
from tests.api.test_measures import _measure
from tests.api.test_plan_writes import new_plan
from tests.hostile_input.attack import FUZZ
from tests.people import KARI

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
KEEP, DROP = "keep", "drop"
ROWS = (Goal, Measure, Plan, Meeting)


def _counts(api_app) -> tuple[int, ...]:
    with api_app.app_context(), db.new_session() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in ROWS)


def _first(fhir, search: str) -> str:
    return fhir(search).get_json()["entry"][0]["fullUrl"].split("/fhir/", 1)[1]


def _writes(fhir, api_app) -> dict[str, tuple[str, str, dict | None]]:
    """{endpoint: (method, path, a valid body or None to read the resource at path first)}."""
    plan_id, goal_id = ids(api_app, KARI)
    meeting = _first(fhir, f"/fhir/Appointment?patient.identifier={KARI}")
    return {
        "api.goal_create": ("POST", "/fhir/Goal", documented_create(plan_id)),
        "api.goal_update": ("PUT", f"/fhir/Goal/{goal_id}", None),
        "api.servicerequest_create": ("POST", "/fhir/ServiceRequest", _measure(plan_id)),
        "api.servicerequest_update": ("PUT", "/fhir/" + _first(fhir, f"/fhir/ServiceRequest?based-on={plan_id}"), None),
        "api.careplan_create": ("POST", "/fhir/CarePlan", new_plan()),
        "api.careplan_update": ("PUT", f"/fhir/CarePlan/{plan_id}", None),
        "api.appointment_create": (
            "POST",
            "/fhir/Appointment",
            appointment_data.documented_create(plan_id, appointment_data.day_ahead(9)),
        ),
        "api.appointment_update": ("PUT", f"/fhir/{meeting}", None),
    }


def test_every_write_route_is_fuzzed(api_app, fhir):
    routes = {
        rule.endpoint
        for rule in api_app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.methods & {"POST", "PUT"}
    }

    assert routes == set(_writes(fhir, api_app))


def _mutated(body: dict, choices: dict, extra: tuple[str, object] | None) -> dict:
    sent = {}
    for name, value in body.items():
        choice = choices.get(name, KEEP)
        if choice == KEEP:
            sent[name] = value
        elif choice != DROP:
            sent[name] = choice[0]
    if extra is not None:
        sent[extra[0]] = extra[1]
    return sent


@pytest.mark.parametrize(
    "endpoint",
    [
        "api.goal_create",
        "api.goal_update",
        "api.servicerequest_create",
        "api.servicerequest_update",
        "api.careplan_create",
        "api.careplan_update",
        "api.appointment_create",
        "api.appointment_update",
    ],
)
def test_no_write_answers_a_server_error_to_hostile_resources(fhir, fhir_call, api_app, endpoint):
    method, path, body = _writes(fhir, api_app)[endpoint]
    keys = sorted((body or fhir(path).get_json()).keys())
    choice = st.fixed_dictionaries({key: st.one_of(st.just(KEEP), st.just(DROP), st.tuples(JSON)) for key in keys})

    @FUZZ
    @given(choices=choice, extra=st.none() | st.tuples(st.text(min_size=1, max_size=12), JSON))
    def send(choices, extra):
        headers = {}
        base = body
        if base is None:
            read = fhir(path)
            base, headers = read.get_json(), {"If-Match": read.headers["ETag"]}
        before = _counts(api_app)
        response = fhir_call(method, path, _mutated(base, choices, extra), headers=headers)
        assert response.status_code < 500, (response.status_code, response.get_data(as_text=True))
        assert response.headers["Content-Type"] == "application/fhir+json"
        if response.status_code >= 400:
            assert response.get_json()["resourceType"] == "OperationOutcome"
            assert _counts(api_app) == before

    send()


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b"[" * 30_000 + b"]" * 30_000, "application/fhir+json", 400),
        (b'{"resourceType": "Goal", "x": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001, "application/fhir+json", 400),
        (b"\xff\xfe not utf-8", "application/fhir+json", 400),
        (b'{"resourceType": "Goal"', "application/fhir+json", 400),
        (
            json.dumps({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Goal"}}] * 5_000}).encode(),
            "application/fhir+json",
            413,
        ),
        (b"<Goal/>", "application/fhir+xml", 415),
        (b"1e999999", "application/fhir+json", 400),
    ],
)
def test_bodies_that_are_no_resource_are_refused_for_every_write(fhir, fhir_call, api_app, raw, content_type, status):
    before = _counts(api_app)
    for endpoint, (method, path, _) in _writes(fhir, api_app).items():
        response = fhir_call(method, path, raw, content_type=content_type, headers={"If-Match": 'W/"1"'})
        assert response.status_code == status, (endpoint, response.get_data(as_text=True)[:300])
        assert response.get_json()["resourceType"] == "OperationOutcome"
    assert _counts(api_app) == before
