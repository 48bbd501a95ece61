"""A create made once however often it is sent: the system names what it creates with its own
identifier (`identifier`, one, with the system's own URI), and a create that names one already
made answers with what is there (200) instead of making another. `If-None-Exist:
identifier=<system>|<value>` asks for the same explicitly (FHIR's conditional create) and must
name the identifier the resource carries."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, request

from app.api import profile
from app.api.outcome import outcome_response
from app.api.request_body import Refused
from app.services import source_identifiers
from app.services.api_reads import municipality_of

# Systems that name people, or Min plan's own: never a system's identifier for what it created.
NOT_A_SOURCE = (*profile.IDENTITY_SYSTEMS, profile.PROFILE_BASE)


def sent_identifier(resource) -> tuple[str, str] | None:
    """(system, value) of the one identifier sent, None when none; Refused when it is not one."""
    found = resource.identifier or []
    if not found:
        return None
    if len(found) > 1:
        raise Refused(422, "invariant", "one identifier: the system's own id for what it creates")
    system, value = (found[0].system or "").strip(), (found[0].value or "").strip()
    if not system.startswith(("urn:", "https://", "http://")) or len(system) > 300 or system.startswith(NOT_A_SOURCE):
        raise Refused(422, "invariant", "identifier.system is the creating system's own URI (urn: or https://)")
    if not value or len(value) > 200 or found[0].type or found[0].period or found[0].assigner:
        raise Refused(422, "invariant", "identifier is a system and a value of at most 200 characters")
    return system, value


def check_condition(identifier: tuple[str, str] | None) -> None:
    """If-None-Exist, when sent, names the identifier the resource carries."""
    header = request.headers.get("If-None-Exist")
    if header is None:
        return
    name, _, token = header.strip().partition("=")
    if name != "identifier" or identifier is None or token != f"{identifier[0]}|{identifier[1]}":
        raise Refused(400, "invalid", "If-None-Exist is identifier=<system>|<value> of the resource's identifier")


def check_unchanged(session, system, resource_type: str, resource_id: int, identifier: tuple[str, str] | None) -> None:
    """An update may send back the identifier the resource was created with, or none: never another."""
    if identifier is None:
        return
    held = source_identifiers.held_claim(session, municipality_of(session, system).id, resource_type, resource_id)
    if held is None or (held.system, held.value) != identifier:
        raise Refused(422, "business-rule", "identifier is given when the resource is created, and kept")


def create_once(
    session,
    system,
    resource_type: str,
    identifier: tuple[str, str] | None,
    create: Callable[[], int],
    answer: Callable[[int, int], Response | None],
) -> Response:
    """`create()` (the new resource's id), answered by `answer(id, 201)`; or, when the identifier
    names one already made, `answer(id, 200)` and nothing created."""
    if identifier is None:
        return answer(create(), 201)
    municipality_id = municipality_of(session, system).id
    found = source_identifiers.claim(session, municipality_id, resource_type, *identifier)
    if found.resource_id is not None:
        existing = answer(found.resource_id, 200)
        if existing is not None:
            return existing
        held = source_identifiers.held_claim(session, municipality_id, resource_type, found.resource_id)
        taken = source_identifiers.take_over(session, held.id, held.claimed_at) if held is not None else None
        if taken is None:
            return _busy()
        found = source_identifiers.Claim(claim_id=held.id, claimed_at=taken)  # it was deleted since: made anew
    if found.busy:
        return _busy()
    try:
        made = create()
    except BaseException:
        source_identifiers.release(session, found)
        raise
    source_identifiers.fulfil(session, found, made)
    return answer(made, 201)


def _busy() -> Response:
    return outcome_response(
        409, "conflict", "a create with this identifier is being made: send it again shortly", {"Retry-After": "2"}
    )
