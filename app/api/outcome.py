"""Every answer of the FHIR API, errors included, as FHIR JSON built and checked by fhir.resources.

fhir.resources no longer ships R4 itself; its R4B models (R4's successor, 4.3) have the same
Patient, CarePlan, Goal, Bundle, OperationOutcome and CapabilityStatement elements as R4 (4.0.1),
so a resource they accept is one an R4 client reads.
"""

from __future__ import annotations

from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource
from flask import Response

FHIR_JSON = "application/fhir+json"


def fhir_response(resource: Resource, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(resource.model_dump_json(), status=status, mimetype=FHIR_JSON)
    response.headers.update(headers or {})
    return response


def outcome(code: str, diagnostics: str, severity: str = "error") -> OperationOutcome:
    return OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
        }
    )


def outcome_response(status: int, code: str, diagnostics: str, headers: dict | None = None) -> Response:
    return fhir_response(outcome(code, diagnostics), status, headers)
