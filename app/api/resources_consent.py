"""A person's consents as FHIR Consent (app/services/api_consent_reads.py), built to the
fhir.resources model with what the person's own consent receipt says (app/consent/receipt.py): the
same scope, category, policy and recipient codes, the same status and period, so the municipality's
system and the person read the same consent. What differs is for a system: the patient as a
reference it can follow, the kind of consent as a code of Min plan's own, the areas in the life-area
code system of the profile, and the person who consented named, not identified by number."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B.consent import Consent

from app.api import fhir_json, profile
from app.api.resources import patient_reference
from app.consent import receipt
from app.domain import clock, vocabulary
from app.models import Person, PlanConsent, SharingConsent
from app.models.consent import GIVEN, WITHDRAWN
from app.services import consents
from app.services.api_consent_reads import PLAN, ConsentRead

CONSENT_CATEGORY_SYSTEM = f"{profile.PROFILE_BASE}/CodeSystem/consent-category"


def _category(kind: str) -> list[dict]:
    return [*receipt.CATEGORY, {"coding": [{"system": CONSENT_CATEGORY_SYSTEM, "code": kind}]}]


def _performer(owner: Person, consent: PlanConsent | SharingConsent) -> list[dict]:
    """Who consented: the person herself (a reference), or who did it for her (by name only)."""
    if consent.changed_by is None:
        return []
    if consent.changed_by_id == owner.id:
        return [patient_reference(owner)]
    return [{"display": consent.changed_by.name}] if consent.changed_by.name else []


def _withdrawn_on(consent: PlanConsent | SharingConsent, start: date) -> date:
    return max(start, consent.changed_at.astimezone(clock.OSLO).date())


def _plan(owner: Person, consent: PlanConsent) -> dict:
    period: dict = {"start": consent.given_on}
    if consent.status != GIVEN:
        period["end"] = _withdrawn_on(consent, consent.given_on)
    return {
        "status": "active" if consent.status == GIVEN else "inactive",
        "scope": receipt.TREATMENT_SCOPE,
        "provision": {"type": "permit", "period": period, "purpose": [{"display": "Individuell plan"}]},
    }


def _sharing(consent: SharingConsent, today: date) -> dict:
    period: dict = {"start": consent.valid_from}
    if consent.valid_to:
        period["end"] = consent.valid_to
    if consent.status == WITHDRAWN:
        period["end"] = min(period.get("end") or date.max, _withdrawn_on(consent, consent.valid_from))
    provision: dict = {
        "type": "permit",
        "period": period,
        "actor": [{"role": receipt.RECIPIENT_ROLE, "reference": {"display": consent.participant.service}}],
        "purpose": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                "code": "TREAT",
                "display": consent.purpose,
            }
        ],
    }
    areas = [
        {"coding": [{"system": profile.LIFE_AREA_SYSTEM, "code": area, "display": str(vocabulary.TERMS[area].label)}]}
        for area in consent.areas
        if area in vocabulary.INFORMATION_AREAS
    ]
    if areas:
        provision["code"] = areas
    if consent.exclusions:
        provision["provision"] = [{"type": "deny", "code": [{"text": consent.exclusions}]}]
    active = consents.state(consent, today) in ("active", "not-started")
    return {"status": "active" if active else "inactive", "scope": receipt.SCOPE, "provision": provision}


def consent(read: ConsentRead, today: date) -> dict:
    found = read.consent
    data: dict = {
        "resourceType": "Consent",
        "id": read.fhir_id,
        "meta": {"versionId": str(found.version), "lastUpdated": found.changed_at},
        "category": _category(read.kind),
        "patient": patient_reference(read.owner),
        "dateTime": found.changed_at,
        "policyRule": receipt.OPT_IN,
        **(_plan(read.owner, found) if read.kind == PLAN else _sharing(found, today)),
    }
    performer = _performer(read.owner, found)
    if performer:
        data["performer"] = performer
    return fhir_json.resource(Consent, data)
