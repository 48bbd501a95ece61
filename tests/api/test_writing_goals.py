"""A municipality's system writes goals through the same door as the coordinator: the version it
read or nothing, the person's access log and news as for a coordinator's edit."""

from __future__ import annotations

from fhir.resources.R4B.goal import Goal as FhirGoal
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import AuditEvent, Goal, OutboxEvent, Plan, PlanChange
from app.services import planning
from tests.api.goal_writing import BOTH, changed, documented_create, goal_row, ids, issue
from tests.auth.sessions import log_in_test_client
from tests.notifications.conftest import coordinator_for
from tests.people import KARI, SARA


def test_askoys_system_changes_karis_goal_loses_a_race_and_wins_after_reading_again(fhir_call, api_app, app, client):
    _, goal_id = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}")
    etag = read.headers["ETag"]

    updated = fhir_call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        changed(read.get_json(), "Jeg vil gå til butikken selv."),
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
    lost = fhir_call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        changed(updated.get_json(), "Systemets ord."),
        headers={"If-Match": updated.headers["ETag"]},
    )

    assert lost.status_code == 412 and issue(lost) == "conflict"
    assert goal_row(api_app, goal_id)[0] == "Jeg vil gå til butikken med Line."

    again = fhir_call("GET", f"/fhir/Goal/{goal_id}")
    won = fhir_call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        changed(again.get_json(), "Systemets ord."),
        headers={"If-Match": again.headers["ETag"]},
    )
    assert won.status_code == 200
    assert goal_row(api_app, goal_id)[0] == "Systemets ord."

    log_in_test_client(app, client, KARI)
    plan_page = client.get_page("plan.show").get_data(as_text=True)
    assert "Systemets ord." in plan_page
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem endret et mål i planen din" in access_log


def test_kari_is_told_of_the_systems_change_as_of_a_coordinators(fhir_call, api_app, app, client):
    _, goal_id = ids(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        outbox_before = session.scalar(select(func.max(OutboxEvent.id)))
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}")
    etag = read.headers["ETag"]
    fhir_call("PUT", f"/fhir/Goal/{goal_id}", changed(read.get_json(), "Jeg vil sykle."), headers={"If-Match": etag})

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


def test_the_documented_goal_is_created_in_karis_plan_with_its_location(fhir_call, api_app, app, client):
    plan_id, _ = ids(api_app, KARI)
    sent = documented_create(plan_id)

    created = fhir_call("POST", "/fhir/Goal", sent)

    assert created.status_code == 201
    new = FhirGoal.model_validate_json(created.get_data())
    assert created.headers["Location"].endswith(f"/fhir/Goal/{new.id}")
    assert created.headers["ETag"] == f'W/"{new.meta.versionId}"'
    assert fhir_call("GET", f"/fhir/Goal/{new.id}").get_json()["description"] == sent["description"]
    with api_app.app_context(), db.new_session() as session:
        row = session.scalar(select(AuditEvent).where(AuditEvent.action == "goal.added").order_by(AuditEvent.id.desc()))
        assert (row.basis, row.details["municipality"], row.object_id) == ("system:api", "Askøy", new.id)
    log_in_test_client(app, client, KARI)
    assert sent["description"]["text"] in client.get_page("plan.show").get_data(as_text=True)
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem la til et mål i planen din" in access_log


def test_a_private_goal_stays_private_when_the_system_changes_its_words(fhir_call, api_app, maskinporten):
    horten = maskinporten.systems["horten"]
    _, goal_id = ids(api_app, SARA, private=True)
    read = fhir_call("GET", f"/fhir/Goal/{goal_id}", token=horten.token(scope=BOTH))

    response = fhir_call(
        "PUT",
        f"/fhir/Goal/{goal_id}",
        changed(read.get_json(), "Mine egne ord."),
        token=horten.token(scope=BOTH),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert response.status_code == 200
    assert {"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True} in response.get_json()["extension"]
    with api_app.app_context(), db.new_session() as session:
        assert session.get(Goal, goal_id).private_from_parents
