"""A municipality's system calls and moves koordineringsmøter through the coordinator's own door:
the same rules, the version it read or nothing, and the person sees and hears of it as of the
coordinator's; what it may not write is refused with an OperationOutcome and nothing written."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.operationoutcome import OperationOutcome
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import AuditEvent, Meeting, OutboxEvent, PlanChange
from app.services.week import week_name
from tests.api.appointment_data import (
    call_as_coordinator,
    day_ahead,
    documented_create,
    meeting_ids,
    meeting_row,
    move_as_coordinator,
    plan_and_person,
    visit_changes,
)
from tests.api.conftest import READ
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, SARA


def _issue(response) -> str:
    return OperationOutcome.model_validate_json(response.get_data()).issue[0].code


def _meeting_count(api_app) -> int:
    with api_app.app_context(), db.new_session() as session:
        return session.scalar(select(func.count()).select_from(Meeting))


def _moved(read: dict, days: int, hour: int = 9, place: str | None = None) -> dict:
    starts = day_ahead(days, hour)
    length = Appointment.model_validate(read).end - Appointment.model_validate(read).start
    body = {**read, "start": starts.isoformat(), "end": (starts + length).isoformat()}
    if place is not None:
        body["participant"] = [
            {**p, "actor": {"type": "Location", "display": place}} if p["actor"].get("type") == "Location" else p
            for p in read["participant"]
        ]
    return body


def test_the_documented_meeting_is_called_in_karis_plan_and_she_sees_and_hears_of_it(fhir_call, api_app, app, client):
    plan_id, person_id = plan_and_person(api_app, KARI)
    starts = day_ahead(10)
    with api_app.app_context(), db.new_session() as session:
        outbox_before = session.scalar(select(func.max(OutboxEvent.id))) or 0

    created = fhir_call("POST", "/fhir/Appointment", documented_create(plan_id, starts))

    assert created.status_code == 201, created.get_data(as_text=True)
    new = Appointment.model_validate_json(created.get_data())
    assert created.headers["Location"].endswith(f"/fhir/Appointment/{new.id}")
    assert created.headers["ETag"] == f'W/"{new.meta.versionId}"' and new.status == "booked"
    assert new.start == starts and new.supportingInformation[0].reference == f"CarePlan/{plan_id}"
    meeting = meeting_row(api_app, int(new.id.removeprefix("meeting-")))
    assert meeting.invited[0] == "Kari Nordmann" and "NAV-veileder" in meeting.invited
    assert meeting.called_by_id is None
    with api_app.app_context(), db.new_session() as session:
        audit = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "meeting.called").order_by(AuditEvent.id.desc())
        )
        change = session.scalar(select(PlanChange).order_by(PlanChange.id.desc()).limit(1))
        queued = session.scalars(select(OutboxEvent.name).where(OutboxEvent.id > outbox_before)).all()
    assert (audit.basis, audit.subject_id, audit.details["municipality"]) == ("system:api", person_id, "Askøy")
    # The coordinator's event, done by nobody Kari could be: she is told as of the coordinator's.
    assert (change.name, change.person_id, change.staff_member_id) == ("meeting.called", None, None)
    assert queued == ["meeting.called"]

    log_in_test_client(app, client, KARI)
    week = client.get("/plan/denne-uka", query_string={"uke": week_name(starts.date())}).get_data(as_text=True)
    assert "Helsehuset på Kleppestø, møterom 2" in week
    assert "Kommunen satte opp et møte om planen din" in client.get_page("plan.show").get_data(as_text=True)
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem kalte inn til et koordineringsmøte om planen din" in access_log


def test_the_system_moves_a_meeting_loses_to_the_coordinator_and_wins_after_reading_again(
    fhir_call, api_app, app, client
):
    plan_id, _ = plan_and_person(api_app, KARI)
    meeting_id = call_as_coordinator(api_app, plan_id, day_ahead(12))
    read = fhir_call("GET", f"/fhir/Appointment/meeting-{meeting_id}")

    moved = fhir_call(
        "PUT",
        f"/fhir/Appointment/meeting-{meeting_id}",
        _moved(read.get_json(), 13, place="Biblioteket"),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.headers["ETag"] != read.headers["ETag"]
    row = meeting_row(api_app, meeting_id)
    assert (row.starts_at, row.place) == (day_ahead(13, 9), "Biblioteket")

    move_as_coordinator(api_app, meeting_id, day_ahead(14, 11))  # the coordinator moves it meanwhile
    lost = fhir_call(
        "PUT",
        f"/fhir/Appointment/meeting-{meeting_id}",
        _moved(moved.get_json(), 15),
        headers={"If-Match": moved.headers["ETag"]},
    )

    assert lost.status_code == 412 and _issue(lost) == "conflict"
    assert lost.headers["ETag"] == f'W/"{meeting_row(api_app, meeting_id).version}"'
    assert meeting_row(api_app, meeting_id).starts_at == day_ahead(14, 11)

    again = fhir_call("GET", f"/fhir/Appointment/meeting-{meeting_id}")
    won = fhir_call(
        "PUT",
        f"/fhir/Appointment/meeting-{meeting_id}",
        _moved(again.get_json(), 15),
        headers={"If-Match": again.headers["ETag"]},
    )
    assert won.status_code == 200
    assert meeting_row(api_app, meeting_id).starts_at == day_ahead(15, 9)
    log_in_test_client(app, client, KARI)
    access_log = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem flyttet et koordineringsmøte om planen din" in access_log


def test_a_move_without_if_match_is_428_and_changes_nothing(fhir_call, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    meeting_id = call_as_coordinator(api_app, plan_id, day_ahead(12))
    read = fhir_call("GET", f"/fhir/Appointment/meeting-{meeting_id}")

    response = fhir_call("PUT", f"/fhir/Appointment/meeting-{meeting_id}", _moved(read.get_json(), 20))

    assert response.status_code == 428 and _issue(response) == "required"
    assert meeting_row(api_app, meeting_id).starts_at == day_ahead(12)


def test_a_meeting_that_has_begun_is_not_moved(fhir_call, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    held = meeting_ids(api_app, plan_id)[0]
    read = fhir_call("GET", f"/fhir/Appointment/meeting-{held}")
    before = meeting_row(api_app, held).starts_at

    response = fhir_call(
        "PUT",
        f"/fhir/Appointment/meeting-{held}",
        _moved(read.get_json(), 5),
        headers={"If-Match": read.headers["ETag"]},
    )

    assert response.status_code == 422 and "has begun" in response.get_json()["issue"][0]["diagnostics"]
    assert meeting_row(api_app, held).starts_at == before


def test_another_municipalitys_plan_and_meeting_are_not_the_systems_to_write(fhir_call, api_app):
    sara_plan, _ = plan_and_person(api_app, SARA)  # Horten
    theirs = call_as_coordinator(api_app, sara_plan, day_ahead(12))
    body = {**documented_create(sara_plan, day_ahead(10)), "id": f"meeting-{theirs}"}
    body["participant"] = [p for p in body["participant"] if "identifier" not in p["actor"]]
    count = _meeting_count(api_app)

    created = fhir_call("POST", "/fhir/Appointment", {k: v for k, v in body.items() if k != "id"})
    moved = fhir_call("PUT", f"/fhir/Appointment/meeting-{theirs}", body, headers={"If-Match": 'W/"1"'})
    missing = fhir_call(
        "PUT", "/fhir/Appointment/meeting-999999", {**body, "id": "meeting-999999"}, headers={"If-Match": 'W/"1"'}
    )

    assert created.status_code == 422 and _issue(created) == "not-found"
    assert moved.status_code == missing.status_code == 404 and moved.get_json() == missing.get_json()
    assert _meeting_count(api_app) == count and meeting_row(api_app, theirs).starts_at == day_ahead(12)


def test_a_read_token_may_not_call_a_meeting_and_a_visit_is_read_only(fhir_call, api_app, askoy):
    plan_id, _ = plan_and_person(api_app, KARI)
    count = _meeting_count(api_app)
    (visit,) = visit_changes(api_app)

    read_only = fhir_call(
        "POST", "/fhir/Appointment", documented_create(plan_id, day_ahead(10)), token=askoy.token(scope=READ)
    )
    on_visit = fhir_call("PUT", f"/fhir/Appointment/visit-{visit.id}", {"resourceType": "Appointment"})

    assert read_only.status_code == 403 and 'error="insufficient_scope"' in read_only.headers["WWW-Authenticate"]
    assert on_visit.status_code == 405 and on_visit.get_json()["resourceType"] == "OperationOutcome"
    assert _meeting_count(api_app) == count


def _changed(body: dict, **changes) -> dict:
    return {**body, **changes}


REFUSED = {
    "in the past": (422, lambda b: _changed(b, start=day_ahead(-2).isoformat(), end=day_ahead(-2, 14).isoformat())),
    "end before start": (422, lambda b: _changed(b, end=day_ahead(10, 12).isoformat())),
    "over two days": (422, lambda b: _changed(b, end=day_ahead(11, 9).isoformat())),
    "on no whole minute": (422, lambda b: _changed(b, start=day_ahead(10).isoformat().replace(":00:00", ":00:30"))),
    "six years ahead": (
        422,
        lambda b: _changed(b, start=day_ahead(6 * 366).isoformat(), end=day_ahead(6 * 366, 14).isoformat()),
    ),
    "no place and no link": (422, lambda b: _changed(b, participant=b["participant"][:3])),
    "an http video link": (
        422,
        lambda b: _changed(b, extension=[{"url": profile.EXT_VIDEO_LINK, "valueUrl": "http://video.test/kari"}]),
    ),
    "someone else as the patient": (
        422,
        lambda b: _changed(
            b, participant=[{**b["participant"][0], "actor": {"reference": "Patient/999999"}}, *b["participant"][1:]]
        ),
    ),
    "no patient": (422, lambda b: _changed(b, participant=b["participant"][1:])),
    "a practitioner by reference": (
        422,
        lambda b: _changed(
            b, participant=[*b["participant"], {"actor": {"reference": "Practitioner/1"}, "status": "needs-action"}]
        ),
    ),
    "a declined participant": (
        422,
        lambda b: _changed(
            b, participant=[*b["participant"], {"actor": {"display": "Fastlegen"}, "status": "declined"}]
        ),
    ),
    "cancelled": (422, lambda b: _changed(b, status="cancelled")),
    "a visit": (
        422,
        lambda b: _changed(
            b, appointmentType={"coding": [{"system": profile.APPOINTMENT_KIND_SYSTEM, "code": "visit"}]}
        ),
    ),
    "an agenda": (422, lambda b: _changed(b, reasonCode=[{"text": "Noe systemet fant på."}])),
    "an element outside the profile": (422, lambda b: _changed(b, priority=1)),
    "an unknown extension": (
        422,
        lambda b: _changed(b, extension=[{"url": "https://example.test/fhir/x", "valueString": "x"}]),
    ),
    "no plan": (422, lambda b: {k: v for k, v in b.items() if k != "supportingInformation"}),
    "not FHIR": (400, lambda b: _changed(b, start="i morgen")),
    "a goal": (400, lambda b: _changed(b, resourceType="Goal")),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_meeting_the_coordinators_rules_or_the_profile_refuse_is_not_called(fhir_call, api_app, case):
    plan_id, _ = plan_and_person(api_app, KARI)
    status, change = REFUSED[case]
    count = _meeting_count(api_app)

    response = fhir_call("POST", "/fhir/Appointment", change(documented_create(plan_id, day_ahead(10))))

    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["resourceType"] == "OperationOutcome"
    assert _meeting_count(api_app) == count


def test_a_body_not_json_too_large_or_of_another_type_is_refused(fhir_call, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    body = json.dumps(documented_create(plan_id, day_ahead(10)))
    count = _meeting_count(api_app)

    as_text = fhir_call("POST", "/fhir/Appointment", body, content_type="text/plain")
    huge = fhir_call("POST", "/fhir/Appointment", body[:-1] + ', "x": "' + "a" * 70_000 + '"}')
    broken = fhir_call("POST", "/fhir/Appointment", body[:-2])

    assert [as_text.status_code, huge.status_code, broken.status_code] == [415, 413, 400]
    assert _meeting_count(api_app) == count


def test_a_move_keeps_who_is_invited_and_the_plan(fhir_call, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    meeting_id = call_as_coordinator(api_app, plan_id, day_ahead(12))
    read = fhir_call("GET", f"/fhir/Appointment/meeting-{meeting_id}")
    moved = _moved(read.get_json(), 13)
    headers = {"If-Match": read.headers["ETag"]}
    sara_plan, _ = plan_and_person(api_app, SARA)

    more = _changed(
        moved, participant=[*moved["participant"], {"actor": {"display": "Fastlegen"}, "status": "needs-action"}]
    )
    other_plan = _changed(moved, supportingInformation=[{"reference": f"CarePlan/{sara_plan}"}])
    other_id = _changed(moved, id="meeting-1")
    left_out = {
        **moved,
        "participant": [p for p in moved["participant"] if p["actor"].get("reference") or p["actor"].get("type")],
    }

    assert fhir_call("PUT", f"/fhir/Appointment/meeting-{meeting_id}", more, headers=headers).status_code == 422
    assert fhir_call("PUT", f"/fhir/Appointment/meeting-{meeting_id}", other_plan, headers=headers).status_code == 422
    assert fhir_call("PUT", f"/fhir/Appointment/meeting-{meeting_id}", other_id, headers=headers).status_code == 400
    assert meeting_row(api_app, meeting_id).starts_at == day_ahead(12)
    invited = meeting_row(api_app, meeting_id).invited
    kept = fhir_call("PUT", f"/fhir/Appointment/meeting-{meeting_id}", left_out, headers=headers)
    assert kept.status_code == 200
    assert meeting_row(api_app, meeting_id).invited == invited and len(invited) > 1
    assert meeting_row(api_app, meeting_id).starts_at == day_ahead(13, 9)
