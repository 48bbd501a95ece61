"""A koordineringsmøte a municipal system sends as an Appointment (POST /fhir/Appointment, PUT
/fhir/Appointment/meeting-<id>), read strictly: the body as every resource's
(app/api/request_body.py), held to Min plan's profile, then to the coordinator's own meeting form's
rules (app/schemas/meetings.CallMeetingSchema: in the future and within five years, on one day, a
place or an https video link, at most 30 invited), before anything is written. What is not the
system's to say (the agenda, made from the person's own proposals in Min plan) must be sent as
it is or left out; anything the profile does not carry is refused, never silently dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fhir.resources.R4B.appointment import Appointment
from marshmallow import ValidationError

from app.api import profile
from app.api.appointment_resources import MEETING_DESCRIPTION, NOT_ANSWERED
from app.api.request_body import Refused, body, model, no_modifiers, only_profiled, reference_id
from app.domain.clock import OSLO
from app.models import Person
from app.schemas import without_control
from app.schemas.meetings import CallMeetingSchema
from app.services.api_meetings import WhenAndWhere

# The elements of Appointment the profile carries; any other is refused (422), not dropped.
ELEMENTS = {"resourceType", "id", "meta", "extension", "status", "appointmentType", "description", "reasonCode"}
ELEMENTS |= {"start", "end", "participant", "supportingInformation"}
PARTICIPANT_ELEMENTS = {"actor", "required", "status"}
# What Min plan says of a participant; it records no answers to an invitation.
PARTICIPANT_STATUSES = {NOT_ANSWERED, "accepted"}
# What the meeting form's refusals concern, in the Appointment's terms.
FORM_FIELDS = {
    "day": "start must be in the future and at most five years ahead",
    "ends": "end must be after start",
    "place": "a meeting needs a place (a Location participant, at most 300 characters) or a video-link",
    "video_link": "video-link is an https:// address of at most 500 characters",
    "invited": "at most 30 participants named by display, each at most 200 characters",
}


@dataclass(frozen=True)
class SentMeeting:
    id: str | None
    plan_id: int | None  # from supportingInformation
    patient: object | None  # the Patient participant's actor as sent
    when: WhenAndWhere
    invited: list[str] | None  # the participants named by display; None when none was sent
    agenda: list[str] | None  # reasonCode's texts as sent; None when left out
    held: bool  # sent as fulfilled: a meeting that is over, sent back as read


def _kind(appointment: Appointment) -> None:
    if appointment.appointmentType is None:
        return
    codings = appointment.appointmentType.coding or []
    if len(codings) != 1 or (codings[0].system, codings[0].code) != (
        profile.APPOINTMENT_KIND_SYSTEM,
        profile.COORDINATION_MEETING,
    ):
        raise Refused(422, "business-rule", f"a system writes koordineringsmøter only: {profile.COORDINATION_MEETING}")


def _plan(appointment: Appointment) -> int | None:
    references = appointment.supportingInformation or []
    if not references:
        return None
    if len(references) != 1:
        raise Refused(422, "invariant", "supportingInformation is the one CarePlan the meeting is about")
    return reference_id(references[0], "CarePlan", "supportingInformation")


def _video_link(appointment: Appointment) -> str | None:
    no_modifiers(appointment)
    link = None
    for extension in appointment.extension or []:
        if extension.url != profile.EXT_VIDEO_LINK:
            raise Refused(422, "not-supported", f"extension {extension.url} is not in Min plan's profile")
        link = extension.valueUrl
    return link


def _participants(appointment: Appointment) -> tuple[object | None, str | None, list[str] | None]:
    """(the Patient participant's actor, the place, the others by display)."""
    patient, place, invited = None, None, []
    for participant in appointment.participant or []:
        sent = participant.model_dump(exclude_none=True)
        if set(sent) - PARTICIPANT_ELEMENTS or participant.modifierExtension:
            raise Refused(422, "not-supported", "a participant is an actor with required and status only")
        if participant.required not in (None, "required") or participant.status not in PARTICIPANT_STATUSES:
            raise Refused(422, "business-rule", "Min plan records no answers to an invitation: status as read")
        actor = participant.actor
        if actor is None:
            raise Refused(422, "invariant", "a participant names its actor")
        if (actor.reference or "").startswith("Patient/") or (
            actor.identifier is not None and actor.type in (None, "Patient")
        ):
            if patient is not None:
                raise Refused(422, "invariant", "one participant is the Patient")
            patient = actor
        elif actor.type == "Location" and actor.reference is None:
            if place is not None or not actor.display:
                raise Refused(422, "invariant", "one Location participant, named by display, is the place")
            place = actor.display
        elif actor.reference is None and actor.identifier is None and actor.type is None and actor.display:
            if without_control(actor.display) != actor.display:
                raise Refused(422, "invariant", "a participant's display is one line")
            invited.append(actor.display)
        else:
            raise Refused(422, "not-supported", "participants other than the Patient are named by display")
    return patient, place, invited or None


def _on_one_day(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    if start is None or end is None:
        raise Refused(422, "required", "a meeting has a start and an end")
    if end <= start:
        raise Refused(422, "business-rule", FORM_FIELDS["ends"])
    try:
        local_start, local_end = start.astimezone(OSLO), end.astimezone(OSLO)
    except (OverflowError, ValueError):  # year 1 or 9999 in another zone
        raise Refused(422, "business-rule", FORM_FIELDS["day"]) from None
    if local_start.date() != local_end.date():
        raise Refused(422, "business-rule", "a koordineringsmøte starts and ends on the same day (Norwegian time)")
    if any(moment.second or moment.microsecond for moment in (local_start, local_end)):
        raise Refused(422, "business-rule", "a koordineringsmøte starts and ends on a whole minute")
    return local_start, local_end


def _form_rules(start: datetime, end: datetime, place: str | None, link, invited: list[str]) -> dict:
    """The coordinator's meeting form's rules, on what the Appointment says."""
    typed = {
        "day": start.strftime("%d.%m.%Y"),
        "starts": start.strftime("%H:%M"),
        "ends": end.strftime("%H:%M"),
        "place": place or "",
        "video_link": str(link) if link else "",
        "invited": "\n".join(invited),
    }
    try:
        return CallMeetingSchema().load(typed)
    except ValidationError as error:
        reasons = "; ".join(FORM_FIELDS.get(name, name) for name in sorted(error.messages))
        raise Refused(422, "invariant", f"not accepted as a koordineringsmøte: {reasons}") from None


def sent_meeting() -> SentMeeting:
    """The Appointment in the request, held to the profile; Refused when anything in it is not."""
    data = body("Appointment")
    appointment = model(Appointment, data)
    only_profiled(data, ELEMENTS)
    if appointment.status not in ("booked", "fulfilled"):
        raise Refused(422, "business-rule", "a koordineringsmøte is written as booked (cancelling is not offered)")
    _kind(appointment)
    if appointment.description not in (None, MEETING_DESCRIPTION):
        raise Refused(422, "business-rule", f"description is {MEETING_DESCRIPTION!r} or left out")
    link = _video_link(appointment)
    plan_id = _plan(appointment)
    patient, place, invited = _participants(appointment)
    start, end = _on_one_day(appointment.start, appointment.end)
    loaded = _form_rules(start, end, place, link, invited or [])
    when = WhenAndWhere(start, end, loaded["place"], loaded["video_link"])
    agenda = [concept.text or "" for concept in appointment.reasonCode] if appointment.reasonCode else None
    invited = loaded["invited"] if invited else None
    return SentMeeting(appointment.id, plan_id, patient, when, invited, agenda, appointment.status == "fulfilled")


def check_patient(actor, owner: Person, required: bool) -> None:
    """The Patient participant is the plan's person: by our Patient id or her identity number."""
    if actor is None:
        if required:
            raise Refused(422, "required", "a meeting has the plan's person as its Patient participant")
        return
    identifier = actor.identifier.value if actor.identifier is not None else None
    if (actor.reference is not None and actor.reference != f"Patient/{owner.id}") or (
        identifier is not None and identifier != owner.pid
    ):
        raise Refused(422, "business-rule", "the Patient participant is not the person whose plan this is")
