"""The resource a municipal system sends (POST, PUT), read strictly and the same way for every
type: the media type, the size, JSON, the resource type, the fhir.resources model, and the
elements Min plan's profile carries. Whatever Min plan would not keep is refused (422), never
silently dropped."""

from __future__ import annotations

import json

from flask import current_app, request
from pydantic import ValidationError as ModelError

from app.api.outcome import FHIR_JSON, outcome_response
from app.schemas import form_integer

ACCEPTED_TYPES = {FHIR_JSON, "application/json"}


class Refused(Exception):
    """What to answer instead of writing: the HTTP status, the OperationOutcome issue code, why."""

    def __init__(self, status: int, code: str, diagnostics: str):
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics = status, code, diagnostics

    def response(self):
        """The refusal as the system reads it: an OperationOutcome with the status."""
        return outcome_response(self.status, self.code, self.diagnostics)


def body(resource_type: str) -> dict:
    """The JSON object sent, or Refused: 415 not JSON, 413 too large, 400 not parseable or not a `resource_type`."""
    if request.mimetype not in ACCEPTED_TYPES:
        raise Refused(415, "not-supported", f"send {FHIR_JSON}")
    limit = current_app.config.get("FHIR_MAX_BODY_BYTES", 64 * 1024)
    if request.content_length is not None and request.content_length > limit:
        raise Refused(413, "too-costly", f"a resource may be at most {limit} bytes")
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise Refused(413, "too-costly", f"a resource may be at most {limit} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "structure", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "structure", "the body is not a FHIR resource")
    if data.get("resourceType") != resource_type:
        raise Refused(400, "invalid", f"the resource must be a {resource_type}")
    return data


def model(model_class, data: dict):
    """The fhir.resources model of `data`, or Refused 400 saying where and what, never the values
    sent: they are a person's words."""
    try:
        return model_class.model_validate(data)
    except (ValueError, TypeError, RecursionError) as error:
        found = error.errors() if isinstance(error, ModelError) else []
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in found[:10]) or "invalid"
        raise Refused(400, "structure", f"not a valid FHIR {data['resourceType']} ({where})") from None


def only_profiled(data: dict, elements: set[str]) -> None:
    """Refused 422 naming any top-level element the profile does not carry (`_x` is x's extensions)."""
    unknown = sorted(set(data) - elements - {f"_{name}" for name in elements})
    if unknown:
        raise Refused(422, "not-supported", f"element(s) not in Min plan's profile: {', '.join(unknown)}")


def no_modifiers(resource) -> None:
    if resource.modifierExtension:
        raise Refused(422, "not-supported", "modifierExtension is not supported")


def reference_id(value, resource_type: str, what: str) -> int:
    """The id of a `<resource_type>/<id>` reference, or Refused 422 naming `what` it should have been."""
    reference = (getattr(value, "reference", None) or "") if value is not None else ""
    found = reference.removeprefix(f"{resource_type}/")
    if not reference.startswith(f"{resource_type}/") or not found.isascii() or not found.isdigit() or len(found) > 12:
        raise Refused(422, "invariant", f"{what} is a reference to {resource_type}/<id>")
    return int(found)


def if_match_version() -> str | None:
    """The version If-Match names (W/"3" or "3"); None when none was sent, Refused when it is no version."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    if not value or len(value) > 30 or not value.isascii() or not all(c.isdigit() or c == "." for c in value):
        raise Refused(412, "conflict", 'If-Match is the ETag a read gave: W/"<versionId>"')
    return value


def whole_version(version: str) -> int:
    """A row's version as If-Match named it. Another shape (a plan's "3.17") matches no row: the
    version check then answers 412, as for any version that is not the row's now."""
    found = form_integer(version)  # beyond any row's version (a 30-digit one too) matches none
    return -1 if found is None else found
