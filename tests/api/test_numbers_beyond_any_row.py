"""Numbers and rules a municipal system (or anyone holding its token) may send that no row can
have: an If-Match version of 30 digits, an `_after` cursor past any id, and a schedule that would
happen more often than once a day. Each is refused as any wrong version, cursor or schedule is
(412, 400, 422), never a server error, and nothing is written."""

from __future__ import annotations

import pytest

from app.api import profile
from tests.api.goal_writing import changed, ids
from tests.api.test_measures import _measure
from tests.people import KARI

HUGE_VERSION = 'W/"999999999999999999999999999"'
HUGE = "99999999999999999999999"


def _first(fhir, search: str) -> str:
    return fhir(search).get_json()["entry"][0]["fullUrl"].split("/fhir/", 1)[1]


@pytest.mark.parametrize("kind", ["Goal", "ServiceRequest", "Appointment", "CarePlan"])
def test_an_impossible_version_is_a_412_not_a_500(api_app, fhir, fhir_call, kind):
    plan_id, goal_id = ids(api_app, KARI)
    path = {
        "Goal": f"Goal/{goal_id}",
        "ServiceRequest": lambda: _first(fhir, f"/fhir/ServiceRequest?based-on={plan_id}"),
        "Appointment": lambda: _first(fhir, f"/fhir/Appointment?patient.identifier={KARI}"),
        "CarePlan": f"CarePlan/{plan_id}",
    }[kind]
    path = path() if callable(path) else path
    read = fhir(f"/fhir/{path}").get_json()
    if kind == "Goal":
        read = changed(read, "Jeg vil gå på kino hver uke")
    response = fhir_call("PUT", f"/fhir/{path}", read, headers={"If-Match": HUGE_VERSION})
    assert response.status_code == 412, (kind, response.status_code, response.get_data(as_text=True)[:200])


def test_an_impossible_version_on_delete_is_a_412_not_a_500(api_app, fhir, fhir_call):
    plan_id, _ = ids(api_app, KARI)
    path = _first(fhir, f"/fhir/ServiceRequest?based-on={plan_id}")
    response = fhir_call("DELETE", f"/fhir/{path}", headers={"If-Match": HUGE_VERSION})
    assert response.status_code == 412, response.status_code


@pytest.mark.parametrize(
    "query",
    [
        f"CarePlan?_after={HUGE}",
        f"Goal?_after={HUGE}",
        f"ServiceRequest?_after={HUGE}",
        f"CareTeam?_after={HUGE}",
        f"AuditEvent?patient.identifier={KARI}&_after={HUGE}",
        f"Consent?patient.identifier={KARI}&_after={HUGE}",
    ],
)
def test_a_huge_after_cursor_is_a_400_not_a_500(fhir, query):
    response = fhir(f"/fhir/{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response.get_json()["resourceType"] == "OperationOutcome"


def _minutely_rule() -> str:
    hours = ",".join(str(h) for h in range(24))
    minutes = ",".join(str(m) for m in range(60))
    return f"DTSTART;TZID=Europe/Oslo:20260105T000000\nRRULE:FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes}"


@pytest.mark.parametrize(
    "rule",
    [
        _minutely_rule(),
        "DTSTART;TZID=Europe/Oslo:20260105T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=8,9,10,11,12,13,14,15",
    ],
    ids=["every-minute", "hourly-on-mondays"],
)
def test_a_schedule_more_often_than_daily_is_refused(api_app, fhir_call, rule):
    """app/api/timing_input.py promises: a Timing that "repeats more often than daily ... is refused
    (422)". A visit every minute makes Kari's week page ~1.7 MB (with BYSECOND: ~100 MB)."""
    plan_id, _ = ids(api_app, KARI)
    body = _measure(plan_id)
    body["occurrenceTiming"] = {
        "extension": [{"url": profile.EXT_RECURRENCE, "valueString": rule}],
        "repeat": {"duration": 1, "durationUnit": "min"},
    }
    response = fhir_call("POST", "/fhir/ServiceRequest", body)
    assert response.status_code == 422, (response.status_code, response.get_data(as_text=True)[:300])


def test_a_count_fhir_cannot_write_back_is_refused(api_app, fhir_call):
    """Found by an attack on the API writing its own JSON: a COUNT beyond positiveInt was stored and
    sent back on every read as invalid FHIR (the check is off in production)."""
    plan_id, _ = ids(api_app, KARI)
    body = _measure(plan_id)
    body["occurrenceTiming"] = {
        "extension": [
            {
                "url": profile.EXT_RECURRENCE,
                "valueString": "DTSTART;TZID=Europe/Oslo:20270104T100000\nRRULE:FREQ=WEEKLY;COUNT=3000000000",
            }
        ],
        "repeat": {"duration": 45, "durationUnit": "min"},
    }
    response = fhir_call("POST", "/fhir/ServiceRequest", body)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
