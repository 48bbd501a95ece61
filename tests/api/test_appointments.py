"""Koordineringsmøter and changed visits as a municipality's system reads them (Appointment): what
the coordinator sees and no more, its own municipality's only, every read in the person's access
log, pages it can follow to the end at a cost that does not grow with the page."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select

from app import db
from app.api import profile
from app.models import AuditEvent, MeetingMinutes, ScheduleEntry
from tests.api.appointment_data import (
    call_as_coordinator,
    cancel_a_private_visit,
    day_ahead,
    meeting_ids,
    move_a_visit,
    plan_and_person,
    visit_changes,
)
from tests.auth.sessions import act_for, log_in_test_client
from tests.conftest import counting_statements
from tests.people import KARI, NILS, SARA

KINDS = profile.APPOINTMENT_KIND_SYSTEM


def _bundle(response) -> Bundle:
    assert response.status_code == 200, response.get_data(as_text=True)
    return Bundle.model_validate_json(response.get_data())


def _appointments(bundle: Bundle) -> list[Appointment]:
    return [Appointment.model_validate(entry.resource.model_dump()) for entry in bundle.entry or []]


def _next(bundle: Bundle) -> str | None:
    links = [link.url for link in bundle.link or [] if link.relation == "next"]
    return links[0].removeprefix("http://localhost") if links else None


def _kind(appointment: Appointment) -> str:
    (coding,) = appointment.appointmentType.coding
    assert coding.system == KINDS
    return coding.code


def _api_reads(api_app, person_id: int) -> list[AuditEvent]:
    with api_app.app_context(), db.new_session() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.subject_id == person_id, AuditEvent.action == "api.appointment_read")
                .order_by(AuditEvent.id)
            )
        )


def test_karis_meetings_and_her_cancelled_visit_are_appointments_as_the_coordinator_sees_them(fhir, api_app):
    plan_id, person_id = plan_and_person(api_app, KARI)
    past, *coming = meeting_ids(api_app, plan_id)

    found = _appointments(_bundle(fhir(f"/fhir/Appointment?patient.identifier={profile.FNR_SYSTEM}|{KARI}")))

    by_id = {appointment.id: appointment for appointment in found}
    held, next_one = by_id[f"meeting-{past}"], by_id[f"meeting-{coming[0]}"]
    assert _kind(held) == "coordination-meeting" and held.status == "fulfilled" and next_one.status == "booked"
    assert held.supportingInformation[0].reference == f"CarePlan/{plan_id}"
    patient = held.participant[0].actor
    assert (patient.reference, patient.identifier.value) == (f"Patient/{person_id}", KARI)
    places = [p.actor.display for p in held.participant if p.actor.type == "Location"]
    assert places == ["Helsehuset på Kleppestø, møterom 2"]
    invited = [p.actor.display for p in held.participant if p.actor.reference is None and p.actor.type is None]
    assert "Line Haugland, koordinator" in invited and "Kari Nordmann" not in invited
    (cancelled,) = [a for a in found if _kind(a) == "visit"]
    (change,) = visit_changes(api_app)
    with api_app.app_context(), db.new_session() as session:
        measure_id = session.get(ScheduleEntry, change.entry_id).measure_id
        decisions = session.scalar(select(MeetingMinutes.decisions).where(MeetingMinutes.meeting_id == past))
    assert cancelled.id == f"visit-{change.id}" and cancelled.status == "cancelled"
    assert cancelled.start == change.occurs_at and cancelled.comment == change.note
    assert cancelled.basedOn[0].reference == f"ServiceRequest/{measure_id}"
    # The minutes are not the appointment: not a line of them leaves with it.
    sent = fhir(f"/fhir/Appointment/meeting-{past}").get_data(as_text=True)
    assert all(line not in sent for line in decisions.splitlines())


def test_a_meeting_is_read_with_its_version_and_the_person_reads_that_in_her_access_log(fhir, api_app, app, client):
    plan_id, person_id = plan_and_person(api_app, KARI)
    meeting_id = meeting_ids(api_app, plan_id)[-1]

    response = fhir(f"/fhir/Appointment/meeting-{meeting_id}")

    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    appointment = Appointment.model_validate_json(response.get_data())
    assert response.headers["ETag"] == f'W/"{appointment.meta.versionId}"'
    unchanged = fhir(f"/fhir/Appointment/meeting-{meeting_id}", headers={"If-None-Match": response.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    this_version = fhir(f"/fhir/Appointment/meeting-{meeting_id}/_history/{appointment.meta.versionId}")
    assert this_version.status_code == 200 and this_version.get_json()["id"] == f"meeting-{meeting_id}"
    reads = _api_reads(api_app, person_id)
    assert [(r.object_type, r.object_id, r.details["orgno"]) for r in reads] == [
        ("meeting", str(meeting_id), "310900028")
    ] * 3

    log_in_test_client(app, client, KARI)
    page = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Askøy kommunes fagsystem leste koordineringsmøter og endrede avtaler i planen din" in page
    log_in_test_client(app, client, KARI, easy_read=True)
    easy = client.get_page("representation.access_log").get_data(as_text=True)
    assert "Datasystemet til Askøy kommune så på møtene og avtalene dine" in easy


def test_a_moved_visit_is_booked_at_its_new_time_with_the_rules_time_kept(fhir, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    new_start = day_ahead(9, hour=15)
    exception_id = move_a_visit(api_app, plan_id, new_start)
    (change,) = [row for row in visit_changes(api_app) if row.id == exception_id]

    appointment = Appointment.model_validate_json(fhir(f"/fhir/Appointment/visit-{exception_id}").get_data())

    assert (appointment.status, _kind(appointment)) == ("booked", "visit")
    assert appointment.start == new_start and appointment.end == new_start + timedelta(minutes=45)
    original = [e.valueDateTime for e in appointment.extension if e.url == profile.EXT_ORIGINAL_START]
    assert original == [change.occurs_at]
    assert appointment.comment == "Flyttet en time."


def test_another_municipalitys_appointment_is_the_same_404_as_a_missing_one_and_logged(fhir, api_app, caplog):
    sara_plan, sara_id = plan_and_person(api_app, SARA)  # Horten
    meeting_id = call_as_coordinator(api_app, sara_plan, day_ahead(20))

    with caplog.at_level(logging.WARNING, logger="minplan.api"):
        theirs = fhir(f"/fhir/Appointment/meeting-{meeting_id}")
        missing = fhir("/fhir/Appointment/meeting-999999")
        no_visit = fhir("/fhir/Appointment/visit-999999")
        never = fhir("/fhir/Appointment/goal-1")
        searched = _bundle(fhir(f"/fhir/Appointment?patient.identifier={SARA}"))
        by_id = _bundle(fhir(f"/fhir/Appointment?patient={sara_id}"))

    assert [r.status_code for r in (theirs, missing, no_visit, never)] == [404] * 4
    assert theirs.get_json() == missing.get_json() == no_visit.get_json() == never.get_json()
    assert searched.total == 0 and by_id.total == 0
    refused = [(r.orgno, r.object_type) for r in caplog.records if getattr(r, "event", "") == "api.object_refused"]
    assert ("310900028", "Appointment") in refused
    assert SARA not in caplog.text
    assert _api_reads(api_app, sara_id) == []


def test_following_next_links_gives_every_meeting_and_changed_visit_once(fhir, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    for days in range(30, 37):
        call_as_coordinator(api_app, plan_id, day_ahead(days))
    move_a_visit(api_app, plan_id, day_ahead(8, hour=16))
    expected = {f"meeting-{i}" for i in meeting_ids(api_app, plan_id)}
    expected |= {f"visit-{row.id}" for row in visit_changes(api_app)}

    seen, path = [], f"/fhir/Appointment?patient.identifier={KARI}&_count=3"
    while path:
        bundle = _bundle(fhir(path))
        assert bundle.total == len(expected)
        seen += [appointment.id for appointment in _appointments(bundle)]
        path = _next(bundle)

    assert len(seen) == len(set(seen)) and set(seen) == expected
    kinds = [found.split("-")[0] for found in seen]
    assert kinds == sorted(kinds, key=["meeting", "visit"].index)  # the meetings first, then the visits


def test_a_search_page_costs_the_same_statements_whatever_its_size(fhir, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    for days in range(30, 40):
        call_as_coordinator(api_app, plan_id, day_ahead(days))
    engine = api_app.extensions["db_engine"]
    fhir("/fhir/Appointment?_count=1")  # the signing keys are fetched once, outside the count

    with counting_statements(engine) as small:
        assert len(_bundle(fhir("/fhir/Appointment?_count=1")).entry) == 1
    with counting_statements(engine) as large:
        assert len(_bundle(fhir("/fhir/Appointment?_count=10")).entry) == 10
    with counting_statements(engine) as mixed_small:
        assert len(_bundle(fhir("/fhir/Appointment?_count=50")).entry) > 10
    with counting_statements(engine) as mixed_large:
        assert len(_bundle(fhir("/fhir/Appointment?_count=30")).entry) > 10

    assert large.count == small.count, "\n".join(large.statements)
    assert mixed_large.count == mixed_small.count


def test_appointments_are_searched_by_their_start(fhir, api_app):
    plan_id, _ = plan_and_person(api_app, KARI)
    later = call_as_coordinator(api_app, plan_id, day_ahead(60))
    start, end = day_ahead(59).date().isoformat(), day_ahead(61).date().isoformat()

    in_range = _appointments(_bundle(fhir(f"/fhir/Appointment?patient.identifier={KARI}&date=ge{start}&date=lt{end}")))
    none_yet = _bundle(fhir("/fhir/Appointment?date=gt2099-01-01"))

    assert [a.id for a in in_range] == [f"meeting-{later}"]
    assert none_yet.total == 0


@pytest.mark.parametrize(
    "query",
    [
        "_count=0",
        "_after=42",
        "_after=goal-1",
        "status=booked",
        "date=tomorrow",
        "date=ge2026-01-01T10:00:00",
        "date=lt9999-12-31",
        "date=ge0001-01-01",
        "patient=Practitioner/1",
        "patient.identifier=123",
    ],
)
def test_a_search_the_api_does_not_understand_is_a_400(fhir, query):
    response = fhir(f"/fhir/Appointment?{query}")

    assert response.status_code == 400
    assert response.get_json()["resourceType"] == "OperationOutcome"


def test_a_visit_for_a_goal_sara_keeps_from_her_father_is_marked_and_its_read_kept_from_him(
    fhir, api_app, app, client, maskinporten
):
    plan_id, sara_id = plan_and_person(api_app, SARA)
    exception_id = cancel_a_private_visit(api_app, plan_id)
    horten = maskinporten.systems["horten"]

    read = Appointment.model_validate_json(
        fhir(f"/fhir/Appointment/visit-{exception_id}", token=horten.token()).get_data()
    )
    found = _appointments(_bundle(fhir(f"/fhir/Appointment?patient.identifier={SARA}", token=horten.token())))

    marked = {a.id for a in found if any(e.url == profile.EXT_PRIVATE_FROM_PARENTS for e in a.extension or [])}
    assert marked == {read.id} and len(found) > 1
    assert [(r.object_type, r.details["orgno"]) for r in _api_reads(api_app, sara_id)][0] == ("goal", "310900052")
    log_in_test_client(app, client, NILS)
    act_for(app, client, NILS, SARA)
    page = client.get_page("representation.access_log").get_data(as_text=True)
    # The search showed him her meetings too, and says so; the read of her private goal's visit alone does not.
    assert page.count("Horten kommunes fagsystem leste koordineringsmøter og endrede avtaler i planen til Sara") == 1
