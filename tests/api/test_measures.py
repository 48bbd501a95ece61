"""A municipality's system reads and writes measures (ServiceRequest) through the coordinator's own
door: the version it read or nothing, times that can happen, the person told and her week showing it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fhir.resources.R4B.servicerequest import ServiceRequest
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.domain import clock
from app.domain.events import EventName
from app.models import AuditEvent, Measure, PlanChange
from app.services import planning
from tests.api.goal_writing import ids, issue
from tests.auth.sessions import log_in_test_client
from tests.notifications.conftest import coordinator_for
from tests.people import KARI, SARA

RECURRENCE = {"url": profile.EXT_RECURRENCE}


def _monday_next_week() -> date:
    today = clock.today()
    return today + timedelta(days=7 - today.weekday())


def _measure(plan_id: int, goal_id: int | None = None, **changes) -> dict:
    """A weekly measure as a municipal system writes it: Tuesdays and Fridays 10:00 for 45 minutes."""
    start = _monday_next_week()
    found = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "plan",
        "code": {"text": "Praktisk bistand i hjemmet"},
        "subject": {"identifier": {"system": profile.FNR_SYSTEM, "value": KARI}},
        "basedOn": [{"reference": f"CarePlan/{plan_id}"}],
        "performer": [{"display": "Hjemmetjenesten"}],
        "performerType": {"text": "Helsefagarbeider"},
        "patientInstruction": "Vi handler og rydder sammen.",
        "extension": [{"url": profile.EXT_HOW_MUCH, "valueString": "To ganger i uka"}],
        "occurrenceTiming": {
            "repeat": {
                "boundsPeriod": {"start": start.isoformat()},
                "dayOfWeek": ["tue", "fri"],
                "frequency": 2,
                "period": 1,
                "periodUnit": "wk",
                "timeOfDay": ["10:00:00"],
                "duration": 45,
                "durationUnit": "min",
            }
        },
    }
    if goal_id is not None:
        found["extension"].append(
            {"url": profile.EXT_PERTAINS_TO_GOAL, "valueReference": {"reference": f"Goal/{goal_id}"}}
        )
    return {**found, **changes}


def _row(api_app, measure_id: int) -> Measure | None:
    with api_app.app_context(), db.new_session() as session:
        found = session.get(Measure, measure_id)
        if found is not None:
            session.expunge(found)
        return found


def _count(api_app, model) -> int:
    with api_app.app_context(), db.new_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_askoys_system_adds_a_measure_kari_sees_in_her_week_and_plan(fhir_call, api_app, app, client):
    plan_id, goal_id = ids(api_app, KARI)

    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id, goal_id))

    assert created.status_code == 201, created.get_data(as_text=True)
    sent = ServiceRequest.model_validate_json(created.get_data())
    assert created.headers["Location"].endswith(f"/fhir/ServiceRequest/{sent.id}")
    assert created.headers["ETag"] == 'W/"1"'
    row = _row(api_app, int(sent.id))
    assert (row.what, row.service_name, row.responsible_role, row.goal_id) == (
        "Praktisk bistand i hjemmet",
        "Hjemmetjenesten",
        "Helsefagarbeider",
        goal_id,
    )
    # The Timing came back as the rule the coordinator's form would have made, in Norwegian time.
    assert sent.occurrenceTiming.repeat.dayOfWeek == ["tue", "fri"]
    assert [str(t) for t in sent.occurrenceTiming.repeat.timeOfDay] == ["10:00:00"]
    plan = fhir_call("GET", f"/fhir/CarePlan/{plan_id}").get_json()
    assert {"reference": {"reference": f"ServiceRequest/{sent.id}"}} in plan["activity"]

    log_in_test_client(app, client, KARI)
    monday = _monday_next_week()
    week = client.get(f"/plan/denne-uka?uke={monday.isocalendar().year}-W{monday.isocalendar().week:02d}")
    page = week.get_data(as_text=True)
    assert week.status_code == 200 and "Praktisk bistand i hjemmet" in page and "10:00–10:45" in page
    assert "Praktisk bistand i hjemmet" in client.get_page("plan.show").get_data(as_text=True)
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem la til et tiltak" in access_log
    assert "Askøy kommunes fagsystem leste tiltakene i planen din" in access_log
    # Every line of the system's says what it did: none is the catch-all.
    assert "gjorde en endring" not in access_log


def test_a_measure_is_changed_with_the_version_read_and_a_race_with_the_coordinator_is_412(fhir_call, api_app):
    plan_id, goal_id = ids(api_app, KARI)
    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id))
    measure_id = int(created.get_json()["id"])
    read = fhir_call("GET", f"/fhir/ServiceRequest/{measure_id}")

    # The coordinator changes the measure between the system's read and its write.
    with api_app.app_context(), db.new_session() as session:
        measure = session.get(Measure, measure_id)
        details = planning.MeasureDetails(what="Praktisk bistand, mandager", service_name="Hjemmetjenesten")
        planning.change_measure(
            session, coordinator_for(session, measure.plan), measure, measure.version, details, None
        )
    lost = fhir_call(
        "PUT",
        f"/fhir/ServiceRequest/{measure_id}",
        {**read.get_json(), "code": {"text": "Systemets tiltak"}},
        headers={"If-Match": read.headers["ETag"]},
    )

    assert lost.status_code == 412 and issue(lost) == "conflict"
    assert lost.headers["ETag"] == 'W/"2"'
    assert _row(api_app, measure_id).what == "Praktisk bistand, mandager"

    again = fhir_call("GET", f"/fhir/ServiceRequest/{measure_id}")
    won = fhir_call(
        "PUT",
        f"/fhir/ServiceRequest/{measure_id}",
        {**again.get_json(), "code": {"text": "Systemets tiltak"}},
        headers={"If-Match": again.headers["ETag"]},
    )
    assert won.status_code == 200 and won.headers["ETag"] == 'W/"3"'
    assert _row(api_app, measure_id).what == "Systemets tiltak"


def test_the_same_times_sent_back_are_no_news_and_new_times_are(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id)).get_json()
    etag = 'W/"1"'

    def events_after(change_id):
        with api_app.app_context(), db.new_session() as session:
            return session.scalars(select(PlanChange.name).where(PlanChange.id > change_id)).all()

    with api_app.app_context(), db.new_session() as session:
        before = session.scalar(select(func.max(PlanChange.id)))
    same = fhir_call("PUT", f"/fhir/ServiceRequest/{created['id']}", created, headers={"If-Match": etag})
    assert same.status_code == 200
    assert events_after(before) == [EventName.MEASURE_CHANGED]

    timing = created["occurrenceTiming"]
    stale_rule = {**created, "occurrenceTiming": {**timing, "repeat": {**timing["repeat"], "dayOfWeek": ["wed"]}}}
    refused = fhir_call(
        "PUT", f"/fhir/ServiceRequest/{created['id']}", stale_rule, headers={"If-Match": same.headers["ETag"]}
    )
    assert refused.status_code == 422 and issue(refused) == "invariant"
    timing = {"repeat": timing["repeat"]}  # the system says the new times in repeat, without the old rule
    moved = {
        **created,
        "occurrenceTiming": {**timing, "repeat": {**timing["repeat"], "dayOfWeek": ["wed"], "frequency": 1}},
    }
    changed = fhir_call(
        "PUT", f"/fhir/ServiceRequest/{created['id']}", moved, headers={"If-Match": same.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.get_json()["occurrenceTiming"]["repeat"]["dayOfWeek"] == ["wed"]
    assert EventName.SCHEDULE_SET in events_after(before)


def test_a_measure_is_removed_with_the_version_read_only(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id)).get_json()
    path = f"/fhir/ServiceRequest/{created['id']}"

    assert fhir_call("DELETE", path).status_code == 428
    assert fhir_call("DELETE", path, headers={"If-Match": 'W/"7"'}).status_code == 412
    assert _row(api_app, int(created["id"])) is not None
    assert fhir_call("DELETE", path, headers={"If-Match": 'W/"1"'}).status_code == 204
    assert _row(api_app, int(created["id"])) is None
    assert fhir_call("GET", path).status_code == 404


def test_measures_are_searched_by_plan_and_paged(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    for _ in range(3):
        fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id))
    with api_app.app_context(), db.new_session() as session:
        held = session.scalar(select(func.count()).select_from(Measure).where(Measure.plan_id == plan_id))

    first = fhir_call("GET", f"/fhir/ServiceRequest?based-on=CarePlan/{plan_id}&_count=2").get_json()
    seen = [entry["resource"]["id"] for entry in first["entry"]]
    link = next(link["url"] for link in first["link"] if link["relation"] == "next")
    rest = fhir_call("GET", link.split("localhost", 1)[-1]).get_json()
    seen += [entry["resource"]["id"] for entry in rest["entry"]]

    assert first["total"] == held and len(first["entry"]) == 2
    assert all(entry["resource"]["basedOn"][0]["reference"] == f"CarePlan/{plan_id}" for entry in first["entry"])
    assert len(set(seen)) == min(held, 2 + len(rest["entry"]))


def test_another_municipalitys_measure_and_plan_are_not_found(fhir_call, api_app):
    plan_id, _ = ids(api_app, SARA)  # Horten's
    with api_app.app_context(), db.new_session() as session:
        measure_id = session.scalar(select(Measure.id).where(Measure.plan_id == plan_id))
    before = _count(api_app, Measure)

    assert fhir_call("GET", f"/fhir/ServiceRequest/{measure_id}").status_code == 404
    assert fhir_call("DELETE", f"/fhir/ServiceRequest/{measure_id}", headers={"If-Match": 'W/"1"'}).status_code == 404
    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id))
    assert created.status_code == 422 and issue(created) == "not-found"
    assert _count(api_app, Measure) == before


def _weekly(**repeat) -> dict:
    base = {"boundsPeriod": {"start": "2027-01-04T08:00:00+01:00"}, "period": 1, "periodUnit": "wk"}
    return {"repeat": {**base, "duration": 30, "durationUnit": "min", **repeat}}


@pytest.mark.parametrize(
    ("name", "change", "status"),
    [
        (
            "a Timing that ends before it starts",
            {
                "occurrenceTiming": _weekly(
                    boundsPeriod={"start": "2027-01-05T08:00:00+01:00", "end": "2027-01-04T08:00:00+01:00"},
                    dayOfWeek=["mon"],
                )
            },
            422,
        ),
        ("every hour", {"occurrenceTiming": _weekly(periodUnit="h")}, 422),
        (
            "no length",
            {
                "occurrenceTiming": {
                    "repeat": {"boundsPeriod": {"start": "2027-01-04T08:00:00+01:00"}, "period": 1, "periodUnit": "wk"}
                }
            },
            422,
        ),
        (
            "a rule that repeats every minute",
            {
                "occurrenceTiming": {
                    "extension": [
                        {**RECURRENCE, "valueString": "DTSTART;TZID=Europe/Oslo:20270104T080000\nRRULE:FREQ=MINUTELY"}
                    ],
                    "repeat": {"duration": 30, "durationUnit": "min"},
                }
            },
            422,
        ),
        (
            "a time without a zone",
            {"occurrenceTiming": {"event": ["2027-01-04T08:00:00"], "repeat": {"duration": 30, "durationUnit": "min"}}},
            400,
        ),
        ("no service", {"performer": []}, 422),
        ("a service by reference", {"performer": [{"reference": "Organization/1"}]}, 422),
        ("a service name of 500 letters", {"performer": [{"display": "x" * 500}]}, 422),
        ("no words", {"code": {"text": "   "}}, 422),
        (
            "a coded measure",
            {"code": {"coding": [{"system": "http://snomed.info/sct", "code": "1"}], "text": "x"}},
            422,
        ),
        ("two plans", {"basedOn": [{"reference": "CarePlan/1"}, {"reference": "CarePlan/2"}]}, 422),
        ("an unknown element", {"priority": "urgent"}, 422),
        ("an element FHIR does not have", {"colour": "blue"}, 400),
        ("another person", {"subject": {"reference": "Patient/999999"}}, 422),
        ("a draft", {"status": "draft"}, 422),
        ("an unknown extension", {"extension": [{"url": "https://example.org/x", "valueString": "y"}]}, 422),
        (
            "a visit in year 1, east of Greenwich",
            {
                "occurrenceTiming": {
                    "event": ["0001-01-01T00:30:00+05:00"],
                    "repeat": {"duration": 30, "durationUnit": "min"},
                }
            },
            422,
        ),
        (
            "an end in year 9999, west of Greenwich",
            {
                "occurrenceTiming": _weekly(
                    boundsPeriod={"start": "2027-01-04T08:00:00+01:00", "end": "9999-12-31T23:00:00-05:00"},
                    dayOfWeek=["mon"],
                )
            },
            422,
        ),
        (
            "a first Monday after the last day there is",
            {"occurrenceTiming": _weekly(boundsPeriod={"start": "9999-12-31T10:00:00+01:00"}, dayOfWeek=["mon"])},
            422,
        ),
        (
            "one visit with a pattern beside it",
            {
                "occurrenceTiming": {
                    "event": ["2027-01-04T10:00:00+01:00"],
                    "repeat": {"count": 5, "dayOfWeek": ["tue"], "duration": 30, "durationUnit": "min"},
                }
            },
            422,
        ),
        ("a pattern with what it cannot keep", {"occurrenceTiming": _weekly(countMax=3, count=2)}, 422),
        ("the same day twice", {"occurrenceTiming": _weekly(dayOfWeek=["tue", "tue"], frequency=2)}, 422),
        (
            "kept from parents on its own",
            {"extension": [{"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True}]},
            422,
        ),
    ],
)
def test_every_bad_measure_is_refused_with_an_outcome_and_nothing_written(fhir_call, api_app, name, change, status):
    plan_id, _ = ids(api_app, KARI)
    before = _count(api_app, Measure), _count(api_app, AuditEvent)

    refused = fhir_call("POST", "/fhir/ServiceRequest", {**_measure(plan_id), **change})

    assert refused.status_code == status, (name, refused.get_data(as_text=True))
    assert refused.get_json()["resourceType"] == "OperationOutcome"
    assert _count(api_app, Measure) == before[0]


def test_a_goal_of_another_plan_is_refused(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    _, saras_goal = ids(api_app, SARA)

    refused = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id, saras_goal))

    assert refused.status_code == 422 and issue(refused) == "business-rule"


def test_the_exact_rule_sent_is_kept_as_it_is(fhir_call, api_app):
    plan_id, _ = ids(api_app, KARI)
    rule = "DTSTART;TZID=Europe/Oslo:20270105T090000\nRRULE:FREQ=MONTHLY;BYDAY=1TU"
    timing = {"extension": [{**RECURRENCE, "valueString": rule}], "repeat": {"duration": 1, "durationUnit": "h"}}

    created = fhir_call("POST", "/fhir/ServiceRequest", _measure(plan_id, occurrenceTiming=timing))

    assert created.status_code == 201
    with api_app.app_context(), db.new_session() as session:
        entry = session.get(Measure, int(created.get_json()["id"])).schedule[0]
        assert (entry.recurrence, entry.duration_minutes) == (rule, 60)
    assert created.get_json()["occurrenceTiming"]["extension"][0]["valueString"] == rule


def test_a_measure_for_a_goal_sara_keeps_private_is_marked_and_its_read_kept_from_her_father(
    fhir, api_app, app, client, maskinporten
):
    from tests.auth.sessions import act_for
    from tests.people import NILS

    horten = maskinporten.systems["horten"]
    with api_app.app_context(), db.new_session() as session:
        private = session.scalars(
            select(Measure).join(Measure.goal).where(Measure.goal.has(private_from_parents=True))
        ).first()
        measure_id, plan_id = private.id, private.plan_id

    read = fhir(f"/fhir/ServiceRequest/{measure_id}", token=horten.token()).get_json()
    fhir(f"/fhir/ServiceRequest?based-on={plan_id}", token=horten.token())

    assert {"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True} in read["extension"]
    log_in_test_client(app, client, NILS)
    act_for(app, client, NILS, SARA)
    page = client.get_page("representation.access_log").get_data(as_text=True)
    # The search showed him her other measures too, and says so once; the read of the private one alone does not.
    assert page.count("Horten kommunes fagsystem leste tiltakene i planen til Sara") == 1
