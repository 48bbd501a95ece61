"""What every route of the FHIR API answers alike: a read with its version as ETag (304 to a
system that holds it), the searchset Bundle with `self` and `next` links carrying the search and
the cursor, the person a search names, a 404 and a 400."""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from flask import Response, g, request, url_for

from app.api import fhir_json, search
from app.api.outcome import fhir_response, outcome_response
from app.services import api_reads


def not_found(kind: str):
    return outcome_response(404, "not-found", f"{kind} not found")


def read(resource, version: str):
    """The resource with its version as ETag; 304 and no body for a system that holds this version
    (If-None-Match), as the API's other reads (the read is still logged)."""
    etag = f'W/"{version}"'
    if request.if_none_match.contains_weak(version):
        return Response(status=304, headers={"ETag": etag})
    return fhir_response(resource, headers={"ETag": etag})


def bad(error: search.BadSearch):
    return outcome_response(400, "invalid", str(error))


def bundle(kind: str, page: api_reads.Page, found: list, count: int):
    """`found` are the page's resources; each entry's fullUrl is the resource's read."""
    name = kind.lower()
    args = {key: values for key, values in request.args.lists() if key not in ("_count", "_after")}
    links = [{"relation": "self", "url": url_for(f"api.{name}_search", _external=True, **args, _count=count)}]
    if page.next_after is not None:
        links.append(
            {
                "relation": "next",
                "url": url_for(f"api.{name}_search", _external=True, **args, _count=count, _after=page.next_after),
            }
        )
    entries = [
        {
            "fullUrl": url_for(f"api.{name}_read", _external=True, **{f"{name}_id": resource["id"]}),
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in found
    ]
    return fhir_response(
        fhir_json.resource(
            Bundle,
            {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": page.total,
                "link": links,
                "entry": entries or None,
            },
        )
    )


def person(session, args, required: bool = False) -> tuple[bool, int | None]:
    """(whether anyone can match, the person's id) from `patient` or `patient.identifier`;
    BadSearch when the search must name a person and does not."""
    if "patient" in args and "patient.identifier" in args:
        raise search.BadSearch("give patient or patient.identifier, not both")
    if "patient" in args:
        return True, search.patient_id(args["patient"])
    if "patient.identifier" in args:
        found = api_reads.person_by_identity_number(
            session, g.api_consumer, search.identity_number(args["patient.identifier"])
        )
        return found is not None, found.id if found else None
    if required:
        raise search.BadSearch("this search names a person: patient or patient.identifier")
    return True, None


def cursor(args) -> int | None:
    """The `_after` cursor as given, None when none was (search.page has checked it is a whole number)."""
    return int(args["_after"]) if "_after" in args else None
