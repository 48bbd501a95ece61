"""A row of a person's access log as a FHIR AuditEvent (app/services/api_log_reads.py), built to
its fhir.resources model: what was done (the log's own action name, and whether it was a read or a
change), when, by whom on what basis, and whose data it was.

Who is named as the person's access log names them: a staff member by name and role, a
municipality's system by its organisation number, the person herself as the Patient, whoever acts
for her by name with the basis (a parent, a verge, a fullmakt), never by identity number."""

from __future__ import annotations

from fhir.resources.R4B.auditevent import AuditEvent

from app.api import fhir_json, profile
from app.api.resources import patient_reference
from app.domain.api_consumer import API_BASIS
from app.services.api_log_reads import LogRead

AUDIT_ACTION_SYSTEM = f"{profile.PROFILE_BASE}/CodeSystem/audit-action"
BASIS_SYSTEM = f"{profile.PROFILE_BASE}/CodeSystem/basis"
# The Central Coordinating Register for Legal Entities (Enhetsregisteret): organisation numbers, as no-basis names it.
ORGNO_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.101"
PATIENT_RECORD = {
    "system": "http://dicom.nema.org/resources/ontology/DCM",
    "code": "110110",
    "display": "Patient Record",
}
# The log's verbs (the part of an action name after the dot) that create something; reads are
# those that read or copy; everything else changes what was there.
CREATING = {
    "added",
    "created",
    "given",
    "sent",
    "granted",
    "scheduled",
    "requested",
    "registered",
    "topic_proposed",
    "evaluated",
    "written",
    "called",
}
READING = {"downloaded"}
PATIENT_ROLE = {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "1", "display": "Patient"}
OBJECT_RESOURCES = {"goal": "Goal", "plan": "CarePlan", "care_team": "CareTeam"}


def crud(action: str) -> str:
    verb = action.rpartition(".")[2]
    if "read" in verb or verb in READING:
        return "R"
    return "C" if verb in CREATING else "U"


def _basis(basis: str) -> list[dict]:
    return [{"coding": [{"system": BASIS_SYSTEM, "code": basis}]}]


def _who(read: LogRead) -> dict | None:
    event, details = read.event, read.event.details or {}
    if event.staff_member_id is not None:
        return {"display": details.get("staff_name") or "En ansatt"}
    if event.basis == API_BASIS:
        who: dict = {"display": f"{details.get('municipality') or ''} kommunes fagsystem".strip()}
        if details.get("orgno"):
            who["identifier"] = {"system": ORGNO_SYSTEM, "value": details["orgno"]}
        return who
    if event.basis.startswith("system:"):
        return {"display": "Min plan"}
    if event.actor_id == read.subject.id:
        return patient_reference(read.subject)
    return {"display": event.actor.name} if event.actor is not None and event.actor.name else None


def _agent(read: LogRead) -> dict:
    agent: dict = {"role": _basis(read.event.basis), "requestor": True}
    who = _who(read)
    if who:
        agent["who"] = who
    return agent


def _entities(read: LogRead) -> list[dict]:
    event = read.event
    entities: list[dict] = [{"what": patient_reference(read.subject), "role": PATIENT_ROLE}]
    kind = OBJECT_RESOURCES.get(event.object_type or "")
    if kind and (event.object_id or "").isdigit():
        entities.append({"what": {"reference": f"{kind}/{event.object_id}"}})
    return entities


def audit_event(read: LogRead) -> dict:
    event = read.event
    data: dict = {
        "resourceType": "AuditEvent",
        "id": str(event.id),
        # A row of the log is never changed (the database refuses it): one version, from when it was written.
        "meta": {"versionId": "1", "lastUpdated": event.occurred_at},
        "type": PATIENT_RECORD,
        "subtype": [{"system": AUDIT_ACTION_SYSTEM, "code": event.action}],
        "action": crud(event.action),
        "recorded": event.occurred_at,
        "outcome": "0",
        "agent": [_agent(read)],
        "source": {"observer": {"display": "Min plan"}},
        "entity": _entities(read),
    }
    if read.kept_from_parents:
        data["extension"] = [{"url": profile.EXT_PRIVATE_FROM_PARENTS, "valueBoolean": True}]
    return fhir_json.resource(AuditEvent, data)
