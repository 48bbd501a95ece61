"""The CapabilityStatement at /fhir/metadata: exactly what this API does today, nothing more."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from app.api import fhir_json, profile

# Written down with the code it describes: a route or search parameter added to app/api/views.py
# belongs here too (a test compares the two).
RESOURCES = {
    "Patient": {"interactions": ["read", "search-type"], "search": {"identifier": "token"}},
    "CarePlan": {
        # Created (one per person) and its period set by the municipality's system (app/api/plan_writes.py).
        "interactions": ["read", "search-type", "create", "update"],
        "conditionalCreate": True,  # If-None-Exist: patient.identifier=…, a retried create finds the plan
        "search": {"patient": "reference", "patient.identifier": "token", "_lastUpdated": "date"},
    },
    "Goal": {
        # Written through the coordinator's own use cases (app/api/writes.py), update with If-Match only.
        "interactions": ["read", "search-type", "create", "update"],
        "search": {"patient": "reference", "patient.identifier": "token", "_lastUpdated": "date"},
    },
    "ServiceRequest": {
        # A measure (tiltak), written through the coordinator's own use cases (app/api/measures.py).
        "interactions": ["read", "search-type", "create", "update", "delete"],
        "search": {
            "patient": "reference",
            "patient.identifier": "token",
            "based-on": "reference",
            "_lastUpdated": "date",
        },
    },
    # Read only (app/api/views_team.py, views_consent.py, views_log.py); Consent and AuditEvent are
    # searched one person at a time.
    "CareTeam": {
        "interactions": ["read", "search-type"],
        "search": {"patient": "reference", "patient.identifier": "token"},
    },
    "Consent": {
        "interactions": ["read", "search-type"],
        "search": {"patient": "reference", "patient.identifier": "token"},
    },
    "Appointment": {
        # Koordineringsmøter (read, called, moved) and changed visits (read) (app/api/appointments.py).
        "interactions": ["read", "search-type", "create", "update"],
        "search": {"patient": "reference", "patient.identifier": "token", "date": "date"},
    },
    "AuditEvent": {
        "interactions": ["read", "search-type"],
        "search": {"patient": "reference", "patient.identifier": "token", "date": "date"},
    },
}
RELEASED = date(2026, 12, 2)


def _with_vread(interactions: list[str]) -> list[str]:
    return [*interactions[:1], "vread", *interactions[1:]] if "read" in interactions else interactions


def statement(base_url: str, read_scope: str, write_scope: str) -> dict:
    return fhir_json.resource(
        CapabilityStatement,
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": RELEASED,
            "publisher": "Min plan",
            "kind": "instance",
            "implementation": {"description": "Min plan: individuell plan", "url": base_url},
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": f"Profile: {profile.PROFILE_BASE}. See docs/fhir-profile.md.",
                    "security": {
                        "service": [
                            {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                        "code": "OAuth",
                                    }
                                ],
                                "text": "Maskinporten",
                            }
                        ],
                        "description": (
                            f"A Maskinporten access token (bearer JWT) for this API's audience, with the scope "
                            f"{read_scope} to read, {write_scope} to write; the consumer organisation "
                            "decides whose people may be read and written."
                        ),
                    },
                    "resource": [
                        {
                            "type": kind,
                            # vread for every read: of the current version only (app/api/history.py).
                            "interaction": [{"code": code} for code in _with_vread(spec["interactions"])],
                            # Versions are told (meta.versionId, ETag), earlier ones not kept.
                            "versioning": "versioned",
                            "readHistory": False,
                            "conditionalRead": "not-match",
                            # An update must carry If-Match with the version read (428 without it).
                            "updateCreate": False if "update" in spec["interactions"] else None,
                            "conditionalUpdate": False if "update" in spec["interactions"] else None,
                            "conditionalCreate": spec.get("conditionalCreate"),
                            "conditionalDelete": "not-supported" if "delete" in spec["interactions"] else None,
                            "searchParam": [{"name": name, "type": kind_} for name, kind_ in spec["search"].items()]
                            + [{"name": "_count", "type": "number"}],
                        }
                        for kind, spec in RESOURCES.items()
                    ],
                }
            ],
        },
    )
