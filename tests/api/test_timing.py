"""A measure's times reach the municipality's system as FHIR Timing, with the exact rule beside it."""

from __future__ import annotations

from datetime import datetime

import pytest
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.timing import Timing
from sqlalchemy import select

from app import db
from app.api import profile
from app.api.timing import timing
from app.domain.clock import OSLO
from app.models import Measure, Person, Plan
from app.models.measure import ScheduleEntry
from app.services.schedule import recurrence_text
from tests.people import KARI


def _timing(rule: str | None, start=datetime(2026, 1, 5, 8, tzinfo=OSLO), minutes: int = 30) -> Timing:
    found = timing(ScheduleEntry(recurrence=recurrence_text(start, rule), duration_minutes=minutes))
    return Timing.model_validate(found)


def test_mondays_and_thursdays_at_eight_for_half_an_hour():
    repeat = _timing("FREQ=WEEKLY;BYDAY=MO,TH").repeat

    assert repeat.dayOfWeek == ["mon", "thu"] and [str(t) for t in repeat.timeOfDay] == ["08:00:00"]
    assert (repeat.frequency, repeat.period, repeat.periodUnit) == (2, 1, "wk")
    assert (repeat.duration, repeat.durationUnit) == (30, "min")
    assert repeat.boundsPeriod.start.isoformat() == "2026-01-05T08:00:00+01:00"


def test_every_other_week_until_a_day_ends_there():
    repeat = _timing("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20270618T220000Z").repeat

    assert repeat.period == 2
    assert repeat.boundsPeriod.end.isoformat() == "2027-06-18T22:00:00+00:00"


def test_a_single_visit_is_an_event():
    found = _timing(None, start=datetime(2026, 12, 3, 10, tzinfo=OSLO), minutes=60)

    assert [event.isoformat() for event in found.event] == ["2026-12-03T10:00:00+01:00"]


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYDAY=1TU", "FREQ=DAILY;COUNT=10"])
def test_what_timing_cannot_say_is_in_the_rule_beside_it(rule):
    found = _timing(rule)

    (extension,) = found.extension
    assert extension.url == profile.EXT_RECURRENCE and extension.valueString.endswith(f"RRULE:{rule}")
    assert found.repeat.dayOfWeek is None


def test_a_measure_with_two_patterns_has_both(fhir, api_app):
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == KARI))
        measure = session.scalars(select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.position)).first()
        saturdays = recurrence_text(datetime(2026, 1, 10, 11, tzinfo=OSLO), "FREQ=WEEKLY;BYDAY=SA")
        session.add(ScheduleEntry(measure_id=measure.id, recurrence=saturdays, duration_minutes=90))
        session.commit()
        measure_id = measure.id

    plan = CarePlan.model_validate_json(fhir(f"/fhir/CarePlan/{plan_id}").get_data())
    found = ServiceRequest.model_validate_json(fhir(f"/fhir/ServiceRequest/{measure_id}").get_data())

    assert f"ServiceRequest/{measure_id}" in [activity.reference.reference for activity in plan.activity]
    patterns = [ext.valueTiming for ext in found.extension if ext.url == profile.EXT_SCHEDULE]
    assert found.occurrenceTiming is None
    assert sorted(day for found in patterns for day in found.repeat.dayOfWeek) == ["mon", "sat", "thu"]


def test_a_measure_with_one_pattern_has_it_as_its_scheduled_timing(fhir, api_app):
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == KARI))

    plan = CarePlan.model_validate_json(fhir(f"/fhir/CarePlan/{plan_id}").get_data())
    first = fhir(f"/fhir/{plan.activity[0].reference.reference}").get_data()

    assert ServiceRequest.model_validate_json(first).occurrenceTiming.repeat.dayOfWeek == ["mon", "thu"]
