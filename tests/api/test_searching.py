"""Searching plans and goals: pages a system can follow to the end, a page size it cannot blow up,
parameters it cannot slip past, and a cost in SQL statements that does not grow with the page."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal
from sqlalchemy import select

from app import db
from app.api import profile
from app.models import Goal as GoalRow
from app.models import Measure, Municipality, Person, Plan
from tests.concurrency.numbers import synthetic_adults
from tests.conftest import counting_statements
from tests.people import KARI, SARA

# Askøy's people with a plan beyond Kari, for searches that need more than one page.
MORE_PLANS = 12


@pytest.fixture
def askoy_with_more_plans(api_app):
    """Askøy with MORE_PLANS more people, each with a plan, two goals and a measure (put back after the test)."""
    numbers = synthetic_adults(day=3, month=5, year=80)
    with api_app.app_context(), db.new_session() as session:
        askoy = session.scalar(select(Municipality).where(Municipality.slug == "askoy"))
        for pid in itertools.islice(numbers, MORE_PLANS):
            person = Person(pid=pid, name="Test Person", birth_date=date(1980, 5, 3), municipality_id=askoy.id)
            session.add(person)
            session.flush()
            plan = Plan(owner_id=person.id, consented_on=date(2026, 1, 5), period_start=date(2026, 1, 5))
            plan.goals = [
                GoalRow(text="Jeg vil gå tur.", life_area="health", position=0),
                GoalRow(text="Jeg vil lage middag selv.", life_area="daily-living", position=1),
            ]
            session.add(plan)
            session.flush()
            session.add(Measure(plan_id=plan.id, what="Trening", service_name="Fysioterapitjenesten"))
        session.commit()
    yield


@pytest.fixture
def api_queries(api_app):
    return lambda: counting_statements(api_app.extensions["db_engine"])


def _bundle(response) -> Bundle:
    assert response.status_code == 200, response.get_data(as_text=True)
    return Bundle.model_validate_json(response.get_data())


def _next(bundle: Bundle) -> str | None:
    links = [link.url for link in bundle.link or [] if link.relation == "next"]
    return links[0].removeprefix("http://localhost") if links else None


def test_following_next_links_visits_every_plan_once(fhir, askoy_with_more_plans):
    seen, path = [], "/fhir/CarePlan?_count=5"
    while path:
        bundle = _bundle(fhir(path))
        assert bundle.total == MORE_PLANS + 1
        seen += [CarePlan.model_validate(entry.resource.model_dump()).id for entry in bundle.entry]
        path = _next(bundle)

    assert len(seen) == len(set(seen)) == MORE_PLANS + 1


def test_a_huge_count_is_cut_to_the_largest_page(fhir, askoy_with_more_plans, api_app):
    api_app.config["FHIR_MAX_COUNT"], before = 10, api_app.config["FHIR_MAX_COUNT"]
    try:
        bundle = _bundle(fhir("/fhir/CarePlan?_count=1000000"))
    finally:
        api_app.config["FHIR_MAX_COUNT"] = before

    assert len(bundle.entry) == 10 and _next(bundle) is not None


def test_a_search_page_costs_the_same_statements_whatever_its_size(fhir, askoy_with_more_plans, api_queries):
    fhir("/fhir/CarePlan?_count=1")  # the signing keys are fetched once, outside the count
    with api_queries() as small:
        assert len(_bundle(fhir("/fhir/CarePlan?_count=1")).entry) == 1
    with api_queries() as large:
        assert len(_bundle(fhir("/fhir/CarePlan?_count=13")).entry) == 13
    with api_queries() as goals_small:
        _bundle(fhir("/fhir/Goal?_count=1"))
    with api_queries() as goals_large:
        assert len(_bundle(fhir("/fhir/Goal?_count=20")).entry) == 20

    assert large.count == small.count, "\n".join(large.statements)
    assert goals_large.count == goals_small.count


def test_plans_are_searched_by_the_persons_identity_number_and_last_change(fhir):
    by_person = _bundle(fhir(f"/fhir/CarePlan?patient.identifier={profile.FNR_SYSTEM}|{KARI}"))
    not_yet = _bundle(fhir("/fhir/CarePlan?_lastUpdated=gt2099-01-01"))
    since = _bundle(fhir("/fhir/CarePlan?_lastUpdated=ge2020-01-01T00:00:00Z"))

    assert by_person.total == 1
    assert by_person.entry[0].resource.subject.identifier.value == KARI
    assert not_yet.total == 0 and since.total == 1


@pytest.mark.parametrize(
    "query",
    [
        "_count=0",
        "_count=many",
        "status=active",
        "patient.identifier=urn:oid:1.2.3|12838502510",
        "patient.identifier=123",
        "_lastUpdated=yesterday",
        "_lastUpdated=ge2026-01-01T10:00:00",
        "_format=xml",
        "_lastUpdated=lt9999-12-31",
        "_lastUpdated=ge0001-01-01",
        "_lastUpdated=gt9999-12-31T23:59:59%2B00:00",
    ],
)
def test_a_search_the_api_does_not_understand_is_a_400(fhir, query):
    response = fhir(f"/fhir/CarePlan?{query}")

    assert response.status_code == 400
    assert response.get_json()["resourceType"] == "OperationOutcome"


def test_another_municipalitys_person_matches_no_plan_and_no_goal(fhir):
    plans = _bundle(fhir(f"/fhir/CarePlan?patient.identifier={profile.FNR_SYSTEM}|{SARA}"))
    goals = _bundle(fhir(f"/fhir/Goal?patient.identifier={SARA}"))

    assert plans.total == 0 and goals.total == 0


def test_the_goals_a_child_keeps_from_her_parents_reach_her_municipalitys_system_marked(fhir, maskinporten):
    horten = maskinporten.systems["horten"]

    bundle = _bundle(fhir(f"/fhir/Goal?patient.identifier={SARA}", token=horten.token()))

    goals = [Goal.model_validate(entry.resource.model_dump()) for entry in bundle.entry]
    marked = [
        goal
        for goal in goals
        if any(ext.url == profile.EXT_PRIVATE_FROM_PARENTS and ext.valueBoolean for ext in goal.extension or [])
    ]
    assert len(marked) == 1 and len(goals) > 1


def test_a_system_fetches_only_the_goals_changed_since_it_last_looked(fhir, api_app):
    from datetime import UTC, datetime

    from app import db
    from app.models import Goal as GoalRow
    from app.models import Plan
    from app.services import planning
    from tests.notifications.conftest import coordinator_for

    moment = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with api_app.app_context(), db.new_session() as session:
        goal = session.scalars(select(GoalRow).where(GoalRow.status == "agreed").order_by(GoalRow.id)).first()
        plan = session.get(Plan, goal.plan_id)
        details = planning.GoalDetails(life_area=goal.life_area, text="Jeg vil lære å sykle.")
        planning.change_goal(session, coordinator_for(session, plan), goal, goal.version, details)
        goal_id = goal.id

    changed = _bundle(fhir(f"/fhir/Goal?_lastUpdated=ge{moment}"))
    none_after = _bundle(fhir("/fhir/Goal?_lastUpdated=gt2099-01-01"))

    assert [entry.resource.id for entry in changed.entry] == [str(goal_id)]
    assert none_after.total == 0
