"""Every answer of the FHIR API, errors included, as FHIR JSON (app/api/fhir_json.py: written by
the app, checked by fhir.resources in the tests and `make run`).

fhir.resources no longer ships R4 itself; its R4B models (R4's successor, 4.3) have the same
Patient, CarePlan, Goal, Bundle, OperationOutcome and CapabilityStatement elements as R4 (4.0.1),
so a resource they accept is one an R4 client reads.
"""

from __future__ import annotations

from fhir.resources.R4B.operationoutcome import OperationOutcome
from flask import Response

from app.api import fhir_json

FHIR_JSON = "application/fhir+json"


def fhir_response(resource: dict, status: int = 200, headers: dict | None = None) -> Response:
    """A resource as app/api/fhir_json.py built it."""
    response = Response(fhir_json.dumps(resource), status=status, mimetype=FHIR_JSON)
    response.headers.update(headers or {})
    return response


def outcome(code: str, diagnostics: str, severity: str = "error") -> dict:
    return fhir_json.resource(
        OperationOutcome,
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
        },
    )


def outcome_response(status: int, code: str, diagnostics: str, headers: dict | None = None) -> Response:
    return fhir_response(outcome(code, diagnostics), status, headers)
