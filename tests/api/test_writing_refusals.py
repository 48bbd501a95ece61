"""What a municipality's system may not write, and how it is told: another municipality's goal is
missing, a read token may not write, and every malformed, foreign or forbidden body is an
OperationOutcome with its status and nothing written."""

from __future__ import annotations

from fhir.resources.R4B.operationoutcome import OperationOutcome
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import AuditEvent
from tests.api.conftest import READ
from tests.api.goal_writing import changed, documented_create, goal_row, ids
from tests.people import KARI, SARA


def test_a_goal_for_no_plan_is_refused(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    sent = documented_create(plan_id)
    without_plan = {**sent, "extension": [e for e in sent["extension"] if e["url"] != profile.EXT_CARE_PLAN]}

    assert fhir_call("POST", "/fhir/Goal", without_plan).status_code == 422
    assert fhir_call("POST", "/fhir/Goal", {**sent, "lifecycleStatus": "proposed"}).status_code == 422


def test_an_update_without_if_match_is_428_and_changes_nothing(fhir_call, api_app):
    _, goal_id = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}")
    before = goal_row(api_app, goal_id)

    response = fhir_call("PUT", f"/fhir/Goal/{goal_id}", changed(read.get_json(), "Uten versjon."))

    assert response.status_code == 428
    assert goal_row(api_app, goal_id) == before


def test_a_read_token_may_not_write(fhir_call, api_app, askoy):
    _, goal_id = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}")

    response = fhir_call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        changed(read.get_json(), "Nei."),
        token=askoy.token(scope=READ),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert goal_row(api_app, goal_id)[0] != "Nei."


def test_another_municipalitys_goal_and_plan_are_not_found(fhir_call, api_app):
    plan_id, goal_id = ids(api_app, SARA)  # Horten's
    body = {
        "resourceType": "Goal",
        "id": str(goal_id),
        "lifecycleStatus": "active",
        "category": [{"coding": [{"system": profile.LIFE_AREA_SYSTEM, "code": "school"}]}],
        "description": {"text": "Askøys ord."},
        "subject": {"reference": "Patient/1"},
    }
    before = goal_row(api_app, goal_id)

    assert fhir_call("PUT", f"/fhir/Goal/{goal_id}", body, headers={"If-Match": f'W/"{before[1]}"'}).status_code == 404
    created = fhir_call(
        "POST",
        "/fhir/Goal",
        {
            **body,
            "id": None,
            "extension": [{"url": profile.EXT_CARE_PLAN, "valueReference": {"reference": f"CarePlan/{plan_id}"}}],
        },
    )
    assert created.status_code == 422
    assert goal_row(api_app, goal_id) == before


def _bad_cases(read: dict, goal_id: int, other_plan: int) -> list:
    return [
        ("malformed JSON", "{not json", {}, 400),
        ("wrong resourceType", {**read, "resourceType": "CarePlan"}, {}, 400),
        ("another id than the URL's", {**read, "id": str(goal_id + 1000)}, {}, 400),
        ("an unknown element", {**read, "colour": "blue"}, {}, 400),
        ("an element outside the profile", {**read, "note": [{"text": "x"}]}, {}, 422),
        (
            "an unknown extension",
            {**read, "extension": [{"url": "https://example.org/x", "valueString": "x"}]},
            {},
            422,
        ),
        (
            "another plan",
            {
                **read,
                "extension": [
                    {"url": profile.EXT_CARE_PLAN, "valueReference": {"reference": f"CarePlan/{other_plan}"}}
                ],
            },
            {},
            422,
        ),
        (
            "a life area not offered",
            {**read, "category": [{"coding": [{"system": profile.LIFE_AREA_SYSTEM, "code": "x"}]}]},
            {},
            422,
        ),
        ("only spaces for words", {**read, "description": {"text": "   "}}, {}, 422),
        ("empty words", {**read, "description": {"text": ""}}, {}, 400),
        (
            "made private by the system",
            {**read, "extension": [{"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True}]},
            {},
            422,
        ),
        ("another person", {**read, "subject": {"reference": "Patient/999999"}}, {}, 422),
        ("not JSON at all", "text", {"content_type": "text/plain"}, 415),
        ("too large", {**read, "description": {"text": "x" * 70_000}}, {}, 413),
    ]


def test_every_bad_input_is_refused_with_an_outcome_and_nothing_written(fhir_call, api_app):
    other_plan, _ = ids(api_app, SARA)
    _, goal_id = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}")
    before = goal_row(api_app, goal_id)
    with api_app.app_context(), db.new_session() as session:
        changes = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "goal.changed")
        )

    for name, body, extra, status in _bad_cases(read.get_json(), goal_id, other_plan):
        response = fhir_call("PUT", f"/fhir/Goal/{goal_id}", body, headers={"If-Match": read.headers["ETag"]}, **extra)
        assert response.status_code == status, name
        assert response.mimetype == "application/fhir+json", name
        OperationOutcome.model_validate_json(response.get_data())

    assert goal_row(api_app, goal_id) == before
    with api_app.app_context(), db.new_session() as session:
        after = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "goal.changed"))
    assert after == changes
