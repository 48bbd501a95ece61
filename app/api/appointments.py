"""The FHIR API's Appointments: koordineringsmøter (`meeting-<id>`) and the visits the coordinator
cancelled or moved (`visit-<id>`), read and searched; a koordineringsmøte called (POST) or moved
(PUT, If-Match) by the municipality's own system through the coordinator's own use cases.

Each route parses its parameters, asks the policy (a Maskinporten token with the read or write
scope), calls one function of app/services/api_meetings.py that takes the municipal system as its
actor, and answers with the resource or a searchset Bundle (app/api/fhir_json.py:
checked by fhir.resources in the tests). Another
municipality's appointment, and one that does not exist, are the same 404."""

from __future__ import annotations

from datetime import UTC

from fhir.resources.R4B.bundle import Bundle
from flask import Response, current_app, g, request, url_for
from werkzeug.datastructures import MultiDict

from app import db, policy
from app.api import bp, fhir_json, search
from app.api.appointment_input import check_patient, sent_meeting
from app.api.appointment_resources import (
    agenda,
    invited_lines,
    meeting_appointment,
    meeting_id,
    meeting_version,
    visit_appointment,
    visit_id,
)
from app.api.outcome import fhir_response, outcome_response
from app.api.request_body import Refused, if_match_version, whole_version
from app.domain.capabilities import Capability
from app.models.base import utcnow
from app.services import api_meetings, api_reads, api_writes, meetings
from app.services.api_meetings import MEETING, VISIT, AppointmentFilters, Cursor, MeetingRead
from app.urls import ID_MAX

SEARCH = {"patient", "patient.identifier", "date", "_count", "_after"}
DATES_MAX = 4  # a range is two; more is no search anyone means
# The meeting use case's refusals, in the Appointment's terms.
MEETING_REFUSALS = {
    "meeting": "the meeting has begun: it is held, not moved",
    "starts_at": "start must be in the future",
    "ends_at": "end must be after start",
    "place": "a meeting needs a place (a Location participant) or a video-link",
    "video_link": "video-link is an https:// address",
}


def _not_found():
    return outcome_response(404, "not-found", "Appointment not found")


def _resource(read, now):
    return meeting_appointment(read, now) if isinstance(read, MeetingRead) else visit_appointment(read, now)


def _full_url(read) -> str:
    found_id = meeting_id(read.meeting) if isinstance(read, MeetingRead) else visit_id(read.exception)
    return url_for("api.appointment_read", appointment_id=found_id, _external=True)


def _read(resource, version: str):
    """The resource with its version as ETag; If-None-Match with that version is 304, no body."""
    etag = f'W/"{version}"'
    if request.if_none_match.contains_weak(version):
        return Response(status=304, headers={"ETag": etag})
    return fhir_response(resource, headers={"ETag": etag})


# --- Reading ------------------------------------------------------------------------------------


def _cursor(value: str | None) -> Cursor:
    if value is None:
        return Cursor()
    kind, _, number = value.partition("-")
    if kind not in (MEETING, VISIT) or not number.isascii() or not number.isdigit() or len(number) > 12:
        raise search.BadSearch("_after is the cursor a next link gave")
    return Cursor(kind, int(number))


def _dates(values: list[str]):
    if len(values) > DATES_MAX:
        raise search.BadSearch(f"date may be given at most {DATES_MAX} times")
    try:
        found = search.last_updated(values)
        # The first and the last day a calendar has are no instants in UTC: no search, not a 500.
        for _, moment in found:
            moment.astimezone(UTC)
    except (search.BadSearch, OverflowError):
        raise search.BadSearch(
            "date is a day (2026-12-01) or an instant with its zone, after eq, gt, ge, lt or le"
        ) from None
    return found


def _person(session, args) -> tuple[bool, int | None]:
    """(whether anyone can match, the person's id) from `patient` or `patient.identifier`."""
    if "patient" in args:
        return True, search.patient_id(args["patient"])
    if "patient.identifier" in args:
        pid = search.identity_number(args["patient.identifier"])
        person = api_reads.person_by_identity_number(session, g.api_consumer, pid)
        return person is not None, person.id if person else None
    return True, None


def _bundle(page: api_meetings.AppointmentPage, count: int) -> Response:
    args = {key: values for key, values in request.args.lists() if key not in ("_count", "_after")}
    links = [{"relation": "self", "url": url_for("api.appointment_search", _external=True, **args, _count=count)}]
    if page.next is not None:
        after = f"{page.next.kind}-{page.next.after}"
        links.append(
            {
                "relation": "next",
                "url": url_for("api.appointment_search", _external=True, **args, _count=count, _after=after),
            }
        )
    now = utcnow()
    entries = [
        {"fullUrl": _full_url(read), "resource": _resource(read, now), "search": {"mode": "match"}}
        for read in page.items
    ]
    bundle = fhir_json.resource(
        Bundle, {"resourceType": "Bundle", "type": "searchset", "total": page.total, "link": links, "entry": entries}
    )
    return fhir_response(bundle)


@bp.get("/Appointment")
@policy.system_requires(Capability.API_READ)
def appointment_search():
    session = db.db_session()
    try:
        # `date` may come twice (a range); every other parameter once, as search.check_known says.
        search.check_known(MultiDict([(k, v) for k, v in request.args.items(multi=True) if k != "date"]), SEARCH)
        count, _ = search.page(
            MultiDict({k: v for k, v in request.args.items() if k == "_count"}), current_app.config["FHIR_MAX_COUNT"]
        )
        cursor = _cursor(request.args.get("_after"))
        starts = _dates(request.args.getlist("date"))
        anyone, person_id = _person(session, request.args)
    except search.BadSearch as error:
        return outcome_response(400, "invalid", str(error))
    if not anyone:
        return _bundle(api_meetings.AppointmentPage([], 0, None), count)
    filters = AppointmentFilters(person_id=person_id, starts=starts, count=count, cursor=cursor)
    return _bundle(api_meetings.appointments(session, g.api_consumer, filters), count)


def _named(appointment_id) -> tuple[str, int] | None:
    """(meeting or visit, the row's id) from `meeting-<id>` or `visit-<id>`; None for any other id."""
    kind, _, number = str(appointment_id).partition("-")
    if kind not in (MEETING, VISIT) or not number.isascii() or not number.isdigit() or len(number) > 10:
        return None
    found = int(number)
    return (kind, found) if 0 < found <= ID_MAX else None


@bp.get("/Appointment/<string:appointment_id>")
@policy.system_requires(Capability.API_READ)
def appointment_read(appointment_id: str):
    named = _named(appointment_id)
    if named is None:
        return _not_found()  # an id Min plan never gives is as missing as one it gave to nothing
    session, kind, found_id = db.db_session(), *named
    if kind == MEETING:
        read = api_meetings.meeting(session, g.api_consumer, found_id)
        return (
            _not_found() if read is None else _read(meeting_appointment(read, utcnow()), meeting_version(read.meeting))
        )
    read = api_meetings.visit_change(session, g.api_consumer, found_id)
    return _not_found() if read is None else _read(visit_appointment(read, utcnow()), "1")


# --- Writing ------------------------------------------------------------------------------------


def _meeting_refused(refused: meetings.Refused) -> Response:
    reasons = "; ".join(MEETING_REFUSALS.get(field, field) for field in sorted(refused.errors))
    return outcome_response(422, "business-rule", f"not accepted as a koordineringsmøte: {reasons}")


def _answer(found_id: int, status: int, headers: dict | None = None) -> Response:
    """The meeting as it now is, read back as a read gives it (and logged as the system's read)."""
    read = api_meetings.meeting(db.db_session(), g.api_consumer, found_id)
    etag = f'W/"{meeting_version(read.meeting)}"'
    return fhir_response(meeting_appointment(read, utcnow()), status, {"ETag": etag, **(headers or {})})


@bp.post("/Appointment")
@policy.system_requires(Capability.API_WRITE)
def appointment_create():
    session = db.db_session()
    try:
        sent = sent_meeting()
        if sent.plan_id is None:
            raise Refused(422, "required", "a new meeting names its plan in supportingInformation (CarePlan/<id>)")
        plan = api_writes.plan_to_write(session, g.api_consumer, sent.plan_id)
        if plan is None:
            raise Refused(422, "not-found", "supportingInformation names no plan this system may write")
        check_patient(sent.patient, plan.owner, required=True)
        if sent.held:
            raise Refused(422, "business-rule", "a new koordineringsmøte is booked")
        if sent.agenda:
            raise Refused(422, "business-rule", "the agenda is made in Min plan from the person's proposed topics")
    except Refused as refused:
        return refused.response()
    try:
        meeting = api_meetings.call_meeting(session, g.api_consumer, plan, sent.when, sent.invited or [])
    except meetings.Refused as refused:
        return _meeting_refused(refused)
    location = url_for("api.appointment_read", appointment_id=meeting_id(meeting), _external=True)
    return _answer(meeting.id, 201, {"Location": location})


@bp.put("/Appointment/meeting-<int:meeting_id>")
@policy.system_requires(Capability.API_WRITE)
def appointment_update(meeting_id: int):
    session = db.db_session()
    try:
        sent = sent_meeting()
        if sent.id != f"{MEETING}-{meeting_id}":
            raise Refused(400, "invalid", "the Appointment's id must be the one in the URL")
        meeting = api_meetings.meeting_to_write(session, g.api_consumer, meeting_id)
        if meeting is None:
            return _not_found()
        if sent.plan_id is not None and sent.plan_id != meeting.plan_id:
            raise Refused(422, "business-rule", "a meeting stays in its plan: supportingInformation is not its plan")
        check_patient(sent.patient, meeting.plan.owner, required=False)
        if meeting.starts_at <= utcnow():
            raise Refused(422, "business-rule", MEETING_REFUSALS["meeting"])
        if sent.held:
            raise Refused(422, "business-rule", "a meeting still to come is booked")
        if sent.invited is not None and sent.invited != invited_lines(meeting):
            raise Refused(422, "business-rule", "who is invited is not changed by moving: send them as read")
        if sent.agenda is not None and sent.agenda != agenda(meeting):
            raise Refused(422, "business-rule", "the agenda is made in Min plan: send it as read, or leave it out")
        version = if_match_version()
    except Refused as refused:
        return refused.response()
    if version is None:
        return outcome_response(428, "required", 'an update needs If-Match: W/"<versionId>" of the read')
    try:
        # A version that is no whole number (a plan's "3.17") is no meeting's: stale, so 412.
        api_meetings.move_meeting(session, g.api_consumer, meeting, whole_version(version), sent.when)
    except meetings.Refused as refused:
        return _meeting_refused(refused)
    except meetings.StaleMeeting as stale:
        headers = {"ETag": f'W/"{meeting_version(stale.meeting)}"'} if stale.meeting is not None else {}
        return outcome_response(
            412, "conflict", "the meeting was changed since this version was read: read it again", headers
        )
    return _answer(meeting_id, 200)
