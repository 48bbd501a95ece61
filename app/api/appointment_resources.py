"""Koordineringsmøter and changed visits as FHIR Appointments (docs/fhir-profile.md, "Appointments"),
each built as JSON data that the fhir.resources model checks where checking is on (app/api/fhir_json.py).

A meeting is `meeting-<id>`, a cancelled or moved visit `visit-<id>`: two tables, one id space
that cannot collide. What a meeting says is what the coordinator sees on the staff meetings page:
when, where, who is invited, its agenda. Its minutes are not sent (they are not the appointment,
and may be kept from a 12–15-year-old's parents, which a receiving calendar would not know)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fhir.resources.R4B.appointment import Appointment

from app.api import fhir_json, profile
from app.api.resources import patient_reference
from app.domain.clock import OSLO
from app.models import Meeting, ScheduleException
from app.services.api_meetings import MEETING, VISIT, MeetingRead, VisitChangeRead
from app.services.visits import CANCELLED

MEETING_DESCRIPTION = "Koordineringsmøte"
# Min plan records no one's answer to an invitation, nor whether a visit took place.
NOT_ANSWERED = "needs-action"


def meeting_id(meeting: Meeting) -> str:
    return f"{MEETING}-{meeting.id}"


def visit_id(exception: ScheduleException) -> str:
    return f"{VISIT}-{exception.id}"


def meeting_version(meeting: Meeting) -> str:
    return str(meeting.version)


def _kind(code: str) -> dict:
    return {"coding": [{"system": profile.APPOINTMENT_KIND_SYSTEM, "code": code}]}


def _status(ends_at: datetime, now: datetime) -> str:
    """Booked until it is over, then fulfilled: Min plan knows no more of whether it was held."""
    return "fulfilled" if ends_at <= now else "booked"


def _meta(version: str, last_updated: datetime | None) -> dict:
    return {"versionId": version, **({"lastUpdated": last_updated} if last_updated else {})}


def _patient(owner, status: str) -> dict:
    return {"actor": patient_reference(owner), "required": "required", "status": status}


def invited_lines(meeting: Meeting) -> list[str]:
    """Who else is invited, as the coordinator wrote them; the person is the Patient participant."""
    own = (meeting.plan.owner.name or "").casefold()
    return [line for line in meeting.invited or [] if line.casefold() != own]


def agenda(meeting: Meeting) -> list[str]:
    return [topic.text for topic in meeting.topics if topic.status == "on_agenda"]


def meeting_appointment(read: MeetingRead, now: datetime) -> dict:
    meeting = read.meeting
    participants = [_patient(meeting.plan.owner, NOT_ANSWERED)]
    participants += [
        {"actor": {"display": line}, "required": "required", "status": NOT_ANSWERED} for line in invited_lines(meeting)
    ]
    if meeting.place:
        participants.append(
            {"actor": {"type": "Location", "display": meeting.place}, "required": "required", "status": "accepted"}
        )
    data: dict = {
        "resourceType": "Appointment",
        "id": meeting_id(meeting),
        "meta": _meta(meeting_version(meeting), read.last_updated),
        "status": _status(meeting.ends_at, now),
        "appointmentType": _kind(profile.COORDINATION_MEETING),
        "description": MEETING_DESCRIPTION,
        "start": meeting.starts_at.astimezone(OSLO),
        "end": meeting.ends_at.astimezone(OSLO),
        "participant": participants,
        "supportingInformation": [{"reference": f"CarePlan/{meeting.plan_id}"}],
    }
    if topics := agenda(meeting):
        data["reasonCode"] = [{"text": text} for text in topics]
    if meeting.video_link:
        data["extension"] = [{"url": profile.EXT_VIDEO_LINK, "valueUrl": meeting.video_link}]
    return fhir_json.resource(Appointment, data)


def visit_appointment(read: VisitChangeRead, now: datetime) -> dict:
    """A visit the coordinator cancelled (at the time the rule gave it) or moved (at its new time,
    the rule's time in `original-start`), based on its measure (ServiceRequest/<measure id>)."""
    exception, measure = read.exception, read.measure
    owner = measure.plan.owner
    if exception.kind == CANCELLED:
        start = exception.occurs_at
        end = start + timedelta(minutes=exception.entry.duration_minutes)
        status = "cancelled"
        extensions = []
    else:
        start = exception.new_start
        end = start + timedelta(minutes=exception.new_minutes)
        status = _status(end, now)
        extensions = [{"url": profile.EXT_ORIGINAL_START, "valueDateTime": exception.occurs_at.astimezone(OSLO)}]
    if read.private_from_parents:
        extensions.append({"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True})
    data: dict = {
        "resourceType": "Appointment",
        "id": visit_id(exception),
        "meta": _meta("1", exception.created_at),  # a visit is changed once: never again
        "status": status,
        "appointmentType": _kind(profile.VISIT),
        "description": measure.what,
        "start": start.astimezone(OSLO),
        "end": end.astimezone(OSLO),
        "participant": [
            _patient(owner, "accepted"),
            {"actor": {"display": measure.service_name}, "required": "required", "status": "accepted"},
        ],
        "basedOn": [{"reference": f"ServiceRequest/{measure.id}"}],
        "supportingInformation": [{"reference": f"CarePlan/{measure.plan_id}"}],
    }
    if exception.note:
        data["comment"] = exception.note
    if extensions:
        data["extension"] = extensions
    return fhir_json.resource(Appointment, data)
