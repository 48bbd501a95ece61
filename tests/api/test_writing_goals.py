"""A municipality's system writes goals through the same door as the coordinator: the version it
read or nothing, the person's access log and notices as for a coordinator's edit, and everything
it should not send refused with an OperationOutcome and nothing written."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.operationoutcome import OperationOutcome
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import AuditEvent, Goal, OutboxEvent, Person, Plan, PlanChange
from app.services import planning
from tests.api.conftest import READ, WRITE
from tests.api.test_profile_document import EXAMPLES
from tests.auth.sessions import log_in_test_client
from tests.notifications.conftest import coordinator_for
from tests.people import KARI, SARA

BOTH = f"{READ} {WRITE}"


@pytest.fixture
def call(api_app, askoy):
    """A request under /fhir with a fresh read-and-write token of Askøy's system (or the `token` given)."""
    client = api_app.test_client()

    def send(method: str, path: str, body=None, token: str | None = None, headers: dict | None = None, **kwargs):
        bearer = token if token is not None else askoy.token(scope=BOTH)
        if body is not None and not isinstance(body, str | bytes):
            body = json.dumps(body)
        return client.open(
            path,
            method=method,
            data=body,
            content_type=kwargs.pop("content_type", "application/fhir+json"),
            headers={"Authorization": f"Bearer {bearer}", **(headers or {})},
            **kwargs,
        )

    return send


def _ids(api_app, pid: str, private: bool = False) -> tuple[int, int]:
    """(the plan's id, the id of its first agreed goal, kept from the parents or not)."""
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == pid))
        goal_id = session.scalar(
            select(Goal.id)
            .where(Goal.plan_id == plan_id, Goal.status == "agreed", Goal.private_from_parents.is_(private))
            .order_by(Goal.position)
        )
    return plan_id, goal_id


def _goal_row(api_app, goal_id: int) -> tuple[str, int]:
    with api_app.app_context(), db.new_session() as session:
        goal = session.get(Goal, goal_id)
        return goal.text, goal.version


def _changed(read: dict, text: str) -> dict:
    return {**read, "description": {"text": text}}


def _issue(response) -> str:
    return OperationOutcome.model_validate_json(response.get_data()).issue[0].code


def test_askoys_system_changes_karis_goal_loses_a_race_and_wins_after_reading_again(call, api_app, app, client):
    _, goal_id = _ids(api_app, KARI)
    read = call("GET", f"/fhir/Goal/{goal_id}")
    etag = read.headers["ETag"]

    updated = call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        _changed(read.get_json(), "Jeg vil gå til butikken selv."),
        headers={"If-Match": etag},
    )

    assert updated.status_code == 200
    assert FhirGoal.model_validate_json(updated.get_data()).description.text == "Jeg vil gå til butikken selv."
    assert updated.headers["ETag"] != etag
    assert updated.headers["ETag"] == f'W/"{updated.get_json()["meta"]["versionId"]}"'

    # The coordinator saves the goal meanwhile, through her own use case.
    with api_app.app_context(), db.new_session() as session:
        goal = session.get(Goal, goal_id)
        plan = session.get(Plan, goal.plan_id)
        details = planning.GoalDetails(life_area=goal.life_area, text="Jeg vil gå til butikken med Line.")
        planning.change_goal(session, coordinator_for(session, plan), goal, goal.version, details)
    lost = call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        _changed(updated.get_json(), "Systemets ord."),
        headers={"If-Match": updated.headers["ETag"]},
    )

    assert lost.status_code == 412 and _issue(lost) == "conflict"
    assert _goal_row(api_app, goal_id)[0] == "Jeg vil gå til butikken med Line."

    again = call("GET", f"/fhir/Goal/{goal_id}")
    won = call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        _changed(again.get_json(), "Systemets ord."),
        headers={"If-Match": again.headers["ETag"]},
    )
    assert won.status_code == 200
    assert _goal_row(api_app, goal_id)[0] == "Systemets ord."

    log_in_test_client(app, client, KARI)
    plan_page = client.get_page("plan.show").get_data(as_text=True)
    assert "Systemets ord." in plan_page
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem endret et mål i planen din" in access_log


def test_kari_is_told_of_the_systems_change_as_of_a_coordinators(call, api_app, app, client):
    _, goal_id = _ids(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        outbox_before = session.scalar(select(func.max(OutboxEvent.id)))
    read = call("GET", f"/fhir/Goal/{goal_id}")
    etag = read.headers["ETag"]
    call("PUT", f"/fhir/Goal/{goal_id}", _changed(read.get_json(), "Jeg vil sykle."), headers={"If-Match": etag})

    with api_app.app_context(), db.new_session() as session:
        change = session.scalar(select(PlanChange).order_by(PlanChange.id.desc()).limit(1))
        queued = session.scalars(select(OutboxEvent.name).where(OutboxEvent.id > (outbox_before or 0))).all()
    # The coordinator's event, done by nobody Kari could be: she is not skipped as its author.
    assert (change.name, change.goal_id, change.person_id, change.staff_member_id) == (
        "goal.changed",
        goal_id,
        None,
        None,
    )
    # A changed goal is news on the plan, not an e-mail or SMS (app/domain/notice_topics.py), for either.
    assert queued == []
    log_in_test_client(app, client, KARI)
    assert "Kommunen endret et mål" in client.get_page("plan.show").get_data(as_text=True)


def _documented_create(plan_id: int) -> dict:
    """The create example of docs/fhir-profile.md, naming Kari's plan by its id in this database."""
    (example,) = [e for e in EXAMPLES if e["resourceType"] == "Goal" and "id" not in e]
    plan = [e for e in example["extension"] if e["url"] == profile.EXT_CARE_PLAN]
    assert plan and example["subject"]["identifier"]["value"] == KARI
    rest = [e for e in example["extension"] if e["url"] != profile.EXT_CARE_PLAN]
    return {**example, "extension": [{**plan[0], "valueReference": {"reference": f"CarePlan/{plan_id}"}}, *rest]}


def test_the_documented_goal_is_created_in_karis_plan_with_its_location(call, api_app, app, client):
    plan_id, _ = _ids(api_app, KARI)
    sent = _documented_create(plan_id)

    created = call("POST", "/fhir/Goal", sent)

    assert created.status_code == 201
    new = FhirGoal.model_validate_json(created.get_data())
    assert created.headers["Location"].endswith(f"/fhir/Goal/{new.id}")
    assert created.headers["ETag"] == f'W/"{new.meta.versionId}"'
    assert call("GET", f"/fhir/Goal/{new.id}").get_json()["description"] == sent["description"]
    with api_app.app_context(), db.new_session() as session:
        row = session.scalar(select(AuditEvent).where(AuditEvent.action == "goal.added").order_by(AuditEvent.id.desc()))
        assert (row.basis, row.details["municipality"], row.object_id) == ("system:api", "Askøy", new.id)
    log_in_test_client(app, client, KARI)
    assert sent["description"]["text"] in client.get_page("plan.show").get_data(as_text=True)
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem la til et mål i planen din" in access_log


def test_a_goal_for_no_plan_is_refused(call, api_app):
    plan_id, _ = _ids(api_app, KARI)
    sent = _documented_create(plan_id)
    without_plan = {**sent, "extension": [e for e in sent["extension"] if e["url"] != profile.EXT_CARE_PLAN]}

    assert call("POST", "/fhir/Goal", without_plan).status_code == 422
    assert call("POST", "/fhir/Goal", {**sent, "lifecycleStatus": "proposed"}).status_code == 422


def test_an_update_without_if_match_is_428_and_changes_nothing(call, api_app):
    _, goal_id = _ids(api_app, KARI)
    read = call("GET", f"/fhir/Goal/{goal_id}")
    before = _goal_row(api_app, goal_id)

    response = call("PUT", f"/fhir/Goal/{goal_id}", _changed(read.get_json(), "Uten versjon."))

    assert response.status_code == 428
    assert _goal_row(api_app, goal_id) == before


def test_a_read_token_may_not_write(call, api_app, askoy):
    _, goal_id = _ids(api_app, KARI)
    read = call("GET", f"/fhir/Goal/{goal_id}")

    response = call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        _changed(read.get_json(), "Nei."),
        token=askoy.token(scope=READ),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert _goal_row(api_app, goal_id)[0] != "Nei."


def test_another_municipalitys_goal_and_plan_are_not_found(call, api_app):
    plan_id, goal_id = _ids(api_app, SARA)  # Horten's
    body = {
        "resourceType": "Goal",
        "id": str(goal_id),
        "lifecycleStatus": "active",
        "category": [{"coding": [{"system": profile.LIFE_AREA_SYSTEM, "code": "school"}]}],
        "description": {"text": "Askøys ord."},
        "subject": {"reference": "Patient/1"},
    }
    before = _goal_row(api_app, goal_id)

    assert call("PUT", f"/fhir/Goal/{goal_id}", body, headers={"If-Match": f'W/"{before[1]}"'}).status_code == 404
    created = call(
        "POST",
        "/fhir/Goal",
        {
            **body,
            "id": None,
            "extension": [{"url": profile.EXT_CARE_PLAN, "valueReference": {"reference": f"CarePlan/{plan_id}"}}],
        },
    )
    assert created.status_code == 422
    assert _goal_row(api_app, goal_id) == before


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


def test_every_bad_input_is_refused_with_an_outcome_and_nothing_written(call, api_app):
    other_plan, _ = _ids(api_app, SARA)
    _, goal_id = _ids(api_app, KARI)
    read = call("GET", f"/fhir/Goal/{goal_id}")
    before = _goal_row(api_app, goal_id)
    with api_app.app_context(), db.new_session() as session:
        changes = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "goal.changed")
        )

    for name, body, extra, status in _bad_cases(read.get_json(), goal_id, other_plan):
        response = call("PUT", f"/fhir/Goal/{goal_id}", body, headers={"If-Match": read.headers["ETag"]}, **extra)
        assert response.status_code == status, name
        assert response.mimetype == "application/fhir+json", name
        OperationOutcome.model_validate_json(response.get_data())

    assert _goal_row(api_app, goal_id) == before
    with api_app.app_context(), db.new_session() as session:
        after = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "goal.changed"))
    assert after == changes


def test_a_private_goal_stays_private_when_the_system_changes_its_words(call, api_app, maskinporten):
    horten = maskinporten.systems["horten"]
    _, goal_id = _ids(api_app, SARA, private=True)
    read = call("GET", f"/fhir/Goal/{goal_id}", token=horten.token(scope=BOTH))

    response = call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        _changed(read.get_json(), "Mine egne ord."),
        token=horten.token(scope=BOTH),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert response.status_code == 200
    assert {"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True} in response.get_json()["extension"]
    with api_app.app_context(), db.new_session() as session:
        assert session.get(Goal, goal_id).private_from_parents
