"""The consents as a machine-readable receipt, shaped on HL7 FHIR R4 Consent
(https://hl7.org/fhir/R4/consent.html): a collection Bundle with one Consent per service the
person has given consent to (in force or not), and one for the consent to having a plan."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.domain import vocabulary
from app.models import Participant, Person, Plan, PlanConsent, SharingConsent
from app.services import consents

# Norway's national identity number (fødselsnummer), as FHIR profiles in Norway name it.
PID_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"
AREA_SYSTEM = "urn:minplan:information-area"
SCOPE = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/consentscope",
            "code": "patient-privacy",
            "display": "Privacy Consent",
        }
    ]
}
TREATMENT_SCOPE = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "treatment", "display": "Treatment"}
    ]
}
CATEGORY = [{"coding": [{"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}]}]
OPT_IN = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}]}
RECIPIENT_ROLE = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
            "code": "IRCP",
            "display": "information recipient",
        }
    ]
}


def _patient(person: Person) -> dict:
    return {"identifier": {"system": PID_SYSTEM, "value": person.pid}, "display": person.name or ""}


def _performer(consent) -> list[dict]:
    if consent.changed_by is None:
        return []
    return [
        {
            "identifier": {"system": PID_SYSTEM, "value": consent.changed_by.pid},
            "display": consent.changed_by.name or "",
        }
    ]


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def sharing_resource(owner: Person, participant: Participant, consent: SharingConsent, day: date) -> dict:
    active = consents.state(consent, day) in ("active", "not-started")
    period = {"start": consent.valid_from.isoformat()}
    if consent.valid_to:
        period["end"] = consent.valid_to.isoformat()
    provision: dict = {
        "type": "permit",
        "period": period,
        "actor": [{"role": RECIPIENT_ROLE, "reference": {"display": participant.service}}],
        "purpose": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                "code": "TREAT",
                "display": consent.purpose,
            }
        ],
        "code": [
            {"coding": [{"system": AREA_SYSTEM, "code": area, "display": str(vocabulary.TERMS[area].label)}]}
            for area in consent.areas
            if area in vocabulary.INFORMATION_AREAS
        ],
    }
    if consent.exclusions:
        provision["provision"] = [{"type": "deny", "code": [{"text": consent.exclusions}]}]
    return {
        "resourceType": "Consent",
        "id": f"sharing-{consent.id}",
        "meta": {"versionId": str(consent.version)},
        "status": "active" if active else "inactive",
        "scope": SCOPE,
        "category": CATEGORY,
        "patient": _patient(owner),
        "dateTime": _when(consent.changed_at),
        "performer": _performer(consent),
        "policyRule": OPT_IN,
        "provision": provision,
        "extension": [{"url": "urn:minplan:consent-basis", "valueCode": consent.basis}],
    }


def plan_resource(owner: Person, consent: PlanConsent) -> dict:
    return {
        "resourceType": "Consent",
        "id": f"plan-{consent.id}",
        "meta": {"versionId": str(consent.version)},
        "status": "active" if consent.status == consents.GIVEN else "inactive",
        "scope": TREATMENT_SCOPE,
        "category": CATEGORY,
        "patient": _patient(owner),
        "dateTime": _when(consent.changed_at),
        "performer": _performer(consent),
        "policyRule": OPT_IN,
        "provision": {
            "type": "permit",
            "period": {"start": consent.given_on.isoformat()},
            "purpose": [{"display": "Individuell plan"}],
        },
        "extension": [{"url": "urn:minplan:consent-basis", "valueCode": consent.basis}],
    }


def fhir_bundle(
    owner: Person, plan: Plan | None, sharing: dict[int, SharingConsent], plan_consent: PlanConsent | None, day: date
) -> dict:
    entries = []
    if plan_consent is not None:
        entries.append({"resource": plan_resource(owner, plan_consent)})
    for participant in consents.recipients(plan) if plan else []:
        if participant.id in sharing:
            entries.append({"resource": sharing_resource(owner, participant, sharing[participant.id], day)})
    return {"resourceType": "Bundle", "type": "collection", "timestamp": _when(datetime.now(UTC)), "entry": entries}
