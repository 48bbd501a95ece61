"""A municipality's system creates a person's plan, with the coordinator the koordinerende enhet
appointed, and sets its period: one plan per person, a retried create finds the plan it made,
and a change names the version it read."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.careplan import CarePlan
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import Municipality, Person, Plan
from app.services import planning
from tests.api.goal_writing import ids, issue
from tests.api.test_profile_document import EXAMPLES
from tests.notifications.conftest import coordinator_for
from tests.people import KARI, SARA

# Synthetic (month + 80), made for these tests only: a person of Askøy with no plan yet.
NEW_PERSON = "17859010067"
LINE = "line.haugland@askoy.kommune.test"


@pytest.fixture
def newcomer(api_app):
    """Askøy's newcomer, without a plan, made once for the run."""
    with api_app.app_context(), db.new_session() as session:
        person = session.scalar(select(Person).where(Person.pid == NEW_PERSON))
        if person is None:
            askoy = session.scalar(select(Municipality).where(Municipality.slug == "askoy"))
            person = Person(
                pid=NEW_PERSON, name="Nora Nykommer", birth_date=date(1990, 5, 17), municipality_id=askoy.id
            )
            session.add(person)
            session.commit()
        return person.id


def new_plan(**changes) -> dict:
    """The create example of docs/fhir-profile.md."""
    (example,) = [e for e in EXAMPLES if e["resourceType"] == "CarePlan" and "id" not in e]
    assert example["subject"]["identifier"]["value"] == NEW_PERSON
    assert example["contributor"][0]["identifier"] == {"system": profile.STAFF_EMAIL_SYSTEM, "value": LINE}
    return {**example, **changes}


def _plans_of(api_app, person_id: int) -> int:
    with api_app.app_context(), db.new_session() as session:
        return session.scalar(select(func.count()).select_from(Plan).where(Plan.owner_id == person_id))


def test_a_plan_is_created_once_with_its_coordinator_and_a_retried_create_finds_it(fhir_call, api_app, newcomer):
    retry = {"If-None-Exist": f"patient.identifier={profile.FNR_SYSTEM}|{NEW_PERSON}"}

    created = fhir_call("POST", "/fhir/CarePlan", new_plan(), headers=retry)
    again = fhir_call("POST", "/fhir/CarePlan", new_plan(), headers=retry)
    plain_again = fhir_call("POST", "/fhir/CarePlan", new_plan())

    assert created.status_code == 201, created.get_data(as_text=True)
    plan = CarePlan.model_validate_json(created.get_data())
    assert created.headers["Location"].endswith(f"/fhir/CarePlan/{plan.id}")
    assert plan.status == "draft" and plan.contributor[0].display == "Line Haugland"
    assert (str(plan.period.start), str(plan.period.end)) == ("2027-01-01", "2027-12-31")
    assert again.status_code == 200 and again.get_json()["id"] == plan.id
    assert plain_again.status_code == 422 and issue(plain_again) == "business-rule"
    assert _plans_of(api_app, newcomer) == 1
    with api_app.app_context(), db.new_session() as session:
        row = session.get(Plan, int(plan.id))
        assert row.coordinator_id is not None and row.consented_on is None


def test_the_plan_period_is_changed_with_the_version_read_and_a_race_is_412(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/CarePlan/{plan_id}")
    body = read.get_json()
    longer = {
        **body,
        "period": {"start": body["period"]["start"], "end": "2027-06-30"},
        "extension": [{"url": profile.EXT_NEXT_REVISION, "valueDate": "2027-05-01"}],
    }

    assert fhir_call("PUT", f"/fhir/CarePlan/{plan_id}", longer).status_code == 428
    # The coordinator adds a goal meanwhile: the plan's version moves on.
    with api_app.app_context(), db.new_session() as session:
        plan = session.get(Plan, plan_id)
        details = planning.GoalDetails(life_area="leisure", text="Jeg vil synge i kor.")
        planning.add_goal(session, coordinator_for(session, plan), plan, details)
    lost = fhir_call("PUT", f"/fhir/CarePlan/{plan_id}", longer, headers={"If-Match": read.headers["ETag"]})
    assert lost.status_code == 412 and issue(lost) == "conflict"

    again = fhir_call("GET", f"/fhir/CarePlan/{plan_id}")
    body = again.get_json()
    changed = {**body, "period": longer["period"], "extension": longer["extension"]}
    won = fhir_call("PUT", f"/fhir/CarePlan/{plan_id}", changed, headers={"If-Match": again.headers["ETag"]})
    assert won.status_code == 200, won.get_data(as_text=True)
    with api_app.app_context(), db.new_session() as session:
        plan = session.get(Plan, plan_id)
        assert (plan.period_end, plan.next_revision) == (date(2027, 6, 30), date(2027, 5, 1))


@pytest.mark.parametrize(
    ("name", "change", "status"),
    [
        ("active before consent", {"status": "active"}, 422),
        ("with goals in it", {"goal": [{"reference": "Goal/1"}]}, 422),
        ("without a coordinator", {"contributor": []}, 422),
        (
            "a coordinator of nowhere",
            {
                "contributor": [
                    {"identifier": {"system": profile.STAFF_EMAIL_SYSTEM, "value": "nobody@askoy.kommune.test"}}
                ]
            },
            422,
        ),
        ("a coordinator by name only", {"contributor": [{"display": "Line Haugland"}]}, 422),
        (
            "a KE officer as coordinator",
            {
                "contributor": [
                    {"identifier": {"system": profile.STAFF_EMAIL_SYSTEM, "value": "hilde.brekke@askoy.kommune.test"}}
                ]
            },
            422,
        ),
        ("an end before the start", {"period": {"start": "2027-12-31", "end": "2027-01-01"}}, 422),
        (
            "a revision after the end",
            {"extension": [{"url": profile.EXT_NEXT_REVISION, "valueDate": "2028-06-15"}]},
            422,
        ),
        ("a period without its revision", {"extension": []}, 422),
        (
            "another municipality's person",
            {"subject": {"identifier": {"system": profile.FNR_SYSTEM, "value": SARA}}},
            422,
        ),
        ("an unknown element", {"note": [{"text": "x"}]}, 422),
        ("not a plan", {"intent": "order"}, 422),
        ("a measure inline", {"activity": [{"detail": {"status": "scheduled", "code": {"text": "x"}}}]}, 422),
    ],
)
def test_every_bad_plan_is_refused_with_an_outcome_and_nothing_written(
    fhir_call, api_app, newcomer, name, change, status
):
    before = _plans_of(api_app, newcomer)
    with api_app.app_context(), db.new_session() as session:
        all_plans = session.scalar(select(func.count()).select_from(Plan))

    refused = fhir_call("POST", "/fhir/CarePlan", new_plan(**change))

    assert refused.status_code in (status, 422 if before else status), (name, refused.get_data(as_text=True))
    assert refused.get_json()["resourceType"] == "OperationOutcome"
    with api_app.app_context(), db.new_session() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == all_plans


def test_a_condition_naming_someone_else_is_refused(fhir_call, api_app, newcomer):
    refused = fhir_call(
        "POST",
        "/fhir/CarePlan",
        new_plan(),
        headers={"If-None-Exist": f"patient.identifier={profile.FNR_SYSTEM}|{KARI}"},
    )

    assert refused.status_code == 400 and issue(refused) == "invalid"


def test_what_the_plan_does_not_say_may_not_be_changed_through_it(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    read = fhir_call("GET", f"/fhir/CarePlan/{plan_id}")
    body, etag = read.get_json(), {"If-Match": read.headers["ETag"]}

    for change in (
        {"status": "completed"},
        {"contributor": [{"display": "Noen andre"}]},
        {"goal": body["goal"][:-1]},
        {"activity": []},
    ):
        refused = fhir_call("PUT", f"/fhir/CarePlan/{plan_id}", {**body, **change}, headers=etag)
        assert refused.status_code == 422, change
    assert fhir_call("PUT", f"/fhir/CarePlan/{plan_id}", body, headers=etag).status_code == 200


def test_the_same_plan_created_at_once_by_four_workers_is_one_plan(api_app, askoy):
    from concurrent.futures import ThreadPoolExecutor

    import requests

    from tests.api.conftest import READ, WRITE
    from tests.conftest import serve_in_thread

    other = "17859010229"  # synthetic (month + 80), this test's own
    with api_app.app_context(), db.new_session() as session:
        askoy_id = session.scalar(select(Municipality.id).where(Municipality.slug == "askoy"))
        person = Person(pid=other, name="Siri Samtidig", birth_date=date(1990, 5, 17), municipality_id=askoy_id)
        session.add(person)
        session.commit()
        person_id = person.id
    body = new_plan(subject={"identifier": {"system": profile.FNR_SYSTEM, "value": other}})
    server = serve_in_thread(api_app)
    url = f"http://127.0.0.1:{server.server_port}/fhir/CarePlan"
    tokens = [askoy.token(scope=f"{READ} {WRITE}") for _ in range(4)]

    def post(token: str) -> requests.Response:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/fhir+json",
            "If-None-Exist": f"patient.identifier={profile.FNR_SYSTEM}|{other}",
        }
        return requests.post(url, json=body, headers=headers, timeout=30)

    try:
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(post, tokens))
    finally:
        server.shutdown()

    assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert _plans_of(api_app, person_id) == 1
