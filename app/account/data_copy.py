"""The person's copy as a FHIR R4B collection Bundle (docs/fhir-profile.md, "The person's own
copy"): the plan, goals and patient as the API builds them (app/api/resources.py), the consents
as the receipt does (app/consent/receipt.py), and the rest in the nearest resource fhir.resources
validates. Every resource goes through its model, so nothing leaves that the model would refuse."""

from __future__ import annotations

from datetime import UTC, datetime

from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.basic import Basic
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.observation import Observation

from app.api import resources
from app.consent import receipt
from app.domain import clock
from app.models import Person
from app.services import consents
from app.services.api_reads import GoalRead, PlanRead
from app.services.data_copy import DataCopy

KIND_SYSTEM = "urn:minplan:data-copy-kind"
EXT_TEXT = "urn:minplan:text"
EXT_BASIS = "urn:minplan:basis"
EXT_DETAILS = "urn:minplan:details"
EVALUATION_CODE = {"text": "Hvordan går det med målet"}


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _subject(owner: Person) -> dict:
    return resources.patient_reference(owner)


def _basic(kind: str, local_id: str, owner: Person, moment: datetime | None, texts: dict[str, str | None]) -> Basic:
    """What FHIR has no resource for (a change in the plan's history, a revision, minutes, a
    fullmakt): a Basic of Min plan's own kind, its words as extensions."""
    extension = [{"url": f"{EXT_TEXT}#{name}", "valueString": value} for name, value in texts.items() if value]
    data: dict = {
        "resourceType": "Basic",
        "id": local_id,
        "code": {"coding": [{"system": KIND_SYSTEM, "code": kind}]},
        "subject": _subject(owner),
    }
    if moment is not None:
        data["created"] = moment.date().isoformat()
        extension.append({"url": f"{EXT_TEXT}#at", "valueDateTime": _when(moment)})
    if extension:
        data["extension"] = extension
    return Basic.model_validate(data)


def _evaluation(owner: Person, goal, evaluation) -> Observation:
    data: dict = {
        "resourceType": "Observation",
        "id": f"evaluation-{evaluation.id}",
        "status": "final",
        "code": EVALUATION_CODE,
        "subject": _subject(owner),
        "focus": [{"reference": f"Goal/{goal.id}"}],
        "effectiveDateTime": _when(evaluation.created_at),
        "valueCodeableConcept": {"coding": [{"system": "urn:minplan:goal-rating", "code": evaluation.rating}]},
        "extension": [{"url": EXT_BASIS, "valueCode": evaluation.basis}],
    }
    if evaluation.comment:
        data["note"] = [{"text": evaluation.comment}]
    return Observation.model_validate(data)


def _meeting(owner: Person, meeting) -> Appointment:
    participants = [{"actor": _subject(owner), "status": "accepted"}]
    participants += [{"actor": {"display": name}, "status": "needs-action"} for name in meeting.invited or []]
    return Appointment.model_validate(
        {
            "resourceType": "Appointment",
            "id": f"meeting-{meeting.id}",
            "status": "booked",
            "description": "Koordineringsmøte",
            "start": _when(meeting.starts_at),
            "end": _when(meeting.ends_at),
            "participant": participants,
            "extension": [{"url": f"{EXT_TEXT}#place", "valueString": meeting.place}],
        }
    )


def _message(owner: Person, message) -> Communication:
    sender = (
        {"display": message.staff_member.name}
        if message.staff_member is not None
        else {"display": message.person.name if message.person and message.person.name else ""}
    )
    data: dict = {
        "resourceType": "Communication",
        "id": f"message-{message.id}",
        "status": "stopped" if message.withdrawn_at else "completed",
        "subject": _subject(owner),
        "sent": _when(message.sent_at),
    }
    if not message.withdrawn_at:  # withdrawn: its words are shown nowhere, so not here either
        data["payload"] = [{"contentString": message.text}]
    if sender["display"]:
        data["sender"] = sender
    if message.reply_to_id:
        data["inResponseTo"] = [{"reference": f"Communication/message-{message.reply_to_id}"}]
    return Communication.model_validate(data)


def _access_event(owner: Person, event) -> AuditEvent:
    who = event.details.get("municipality") if event.staff_member_id or event.basis.startswith("system:") else None
    agent_name = who or (event.actor.name if event.actor is not None else None) or event.basis
    return AuditEvent.model_validate(
        {
            "resourceType": "AuditEvent",
            "id": f"access-{event.id}",
            "type": {"system": "urn:minplan:audit-action", "code": event.action},
            "recorded": _when(event.occurred_at),
            "agent": [
                {"who": {"display": agent_name}, "requestor": True, "policy": [f"urn:minplan:basis:{event.basis}"]}
            ],
            "source": {"observer": {"display": "Min plan"}},
            "entity": [{"what": _subject(owner)}],
        }
    )


def _plan_resources(owner: Person, copy: DataCopy) -> list:
    plan = copy.plan
    moments = [told.occurred_at for told in copy.changes]
    last = max(moments) if moments else datetime.now(UTC)
    parts = [goal.id for goal in copy.goals], [measure.id for measure in copy.measures]
    found: list = [resources.care_plan(PlanRead(plan, last, 0, *parts), clock.today())]
    found += [resources.service_request(measure, owner, measure.changed_at or last) for measure in copy.measures]
    for goal in copy.goals:
        found.append(resources.goal(GoalRead(goal, goal.changed_at or last)))
        found += [_evaluation(owner, goal, evaluation) for evaluation in goal.evaluations]
    found += [
        _basic("plan-change", f"change-{told.change.id}", owner, told.occurred_at, {"event": told.name})
        for told in copy.changes
    ]
    for revision, words_hidden in copy.revisions:
        words = {} if words_hidden else {"went-well": revision.went_well, "changes": revision.changes}
        found.append(_basic("revision", f"revision-{revision.id}", owner, revision.revised_at, words))
    for meeting, minutes in copy.meetings:
        found.append(_meeting(owner, meeting))
        if minutes is not None:
            words = {"decisions": minutes.decisions, "easy-summary": minutes.easy_summary}
            found.append(_basic("minutes", f"minutes-{minutes.id}", owner, minutes.written_at, words))
    found += [_message(owner, message) for message in copy.messages]
    return found


def _consent_resources(owner: Person, copy: DataCopy) -> list:
    day = clock.today()
    found = []
    if copy.plan_consent is not None:
        found.append(Consent.model_validate(receipt.plan_resource(owner, copy.plan_consent)))
    for participant in consents.recipients(copy.plan) if copy.plan else []:
        if participant.id in copy.sharing:
            resource = receipt.sharing_resource(owner, participant, copy.sharing[participant.id], day)
            found.append(Consent.model_validate({k: v for k, v in resource.items() if v != []}))
    for change in copy.consent_history:
        words = {"action": change.action, "service": change.participant_name, "basis": change.basis}
        found.append(_basic("consent-change", f"consent-change-{change.id}", owner, change.occurred_at, words))
    return found


def _fullmakt(owner: Person, given) -> Basic:
    words = {
        "holder": given.holder_name or (given.holder.name if getattr(given, "holder", None) else None),
        "scopes": ", ".join(given.scopes or []),
        "valid-from": given.valid_from.isoformat() if given.valid_from else None,
        "valid-to": given.valid_to.isoformat() if given.valid_to else None,
        "revoked": _when(given.revoked_at) if given.revoked_at else None,
    }
    return _basic("fullmakt", f"fullmakt-{given.id}", owner, given.created_at, words)


def bundle(owner: Person, copy: DataCopy) -> Bundle:
    found: list = [resources.patient(owner)]
    if copy.plan is not None:
        found += _plan_resources(owner, copy)
    found += _consent_resources(owner, copy)
    found += [_fullmakt(owner, given) for given in copy.fullmakter]
    found += [_access_event(owner, event) for event in copy.access_log]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": _when(datetime.now(UTC)),
            "entry": [{"resource": resource} for resource in found],
        }
    )
