"""vread (`GET /fhir/<type>/<id>/_history/<versionId>`) for every resource the API reads.

Min plan keeps each resource's version (meta.versionId, the ETag) but not the resources as they
were: the plan's history is its named events and the person's access log, not copies. So a vread
of the current version answers as the read does (and is logged as one), and of an earlier version
404 saying it is not kept: what FHIR asks of a server whose CapabilityStatement says
`readHistory: false`."""

from __future__ import annotations

from flask import current_app

from app import policy
from app.api import bp, capability
from app.api.outcome import outcome_response
from app.domain.capabilities import Capability


def _vread(kind: str):
    @policy.system_requires(Capability.API_READ)
    def vread(resource_id: str, version_id: str):
        read = current_app.view_functions[f"api.{kind.lower()}_read"]
        # The read's own body, without its policy wrapper: one token check and one count against the rate limit.
        unwrapped = getattr(read, "__wrapped__", read)
        argument = f"{kind.lower()}_id"
        if resource_id.isascii() and resource_id.isdigit() and len(resource_id) <= 12:
            response = unwrapped(**{argument: int(resource_id)})
        else:
            response = unwrapped(**{argument: resource_id})
        if response.status_code not in (200, 304):
            return response
        current = (response.headers.get("ETag") or "").removeprefix("W/").strip('"')
        if current != version_id:
            return outcome_response(
                404, "not-found", f"{kind} version {version_id[:20]} is not kept: read the current one"
            )
        return response

    vread.__name__ = f"{kind.lower()}_vread"
    return vread


for _kind, _spec in capability.RESOURCES.items():
    if "read" in _spec["interactions"]:
        bp.add_url_rule(
            f"/{_kind}/<resource_id>/_history/<version_id>", endpoint=f"{_kind.lower()}_vread", view_func=_vread(_kind)
        )
