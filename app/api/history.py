"""vread (`GET /fhir/<type>/<id>/_history/<versionId>`) for every resource the API reads.

Min plan keeps each resource's version (meta.versionId, the ETag) but not the resources as they
were: the plan's history is its named events and the person's access log, not copies. So a vread
of the current version answers as the read does (and is logged as one), and of an earlier version
404 saying it is not kept: what FHIR asks of a server whose CapabilityStatement says
`readHistory: false`."""

from __future__ import annotations

from flask import current_app, request
from werkzeug.exceptions import HTTPException

from app import policy
from app.api import bp, capability
from app.api.outcome import outcome_response
from app.domain.capabilities import Capability


def _vread(kind: str):
    @policy.system_requires(Capability.API_READ)
    def vread(resource_id: str, version_id: str):
        # The read this id has (`Appointment/meeting-3` and `Goal/3` are read by different routes).
        try:
            endpoint, arguments = request.url_rule.map.bind("").match(f"{bp.url_prefix}/{kind}/{resource_id}", "GET")
        except HTTPException:
            return outcome_response(404, "not-found", f"{kind} not found")
        read = current_app.view_functions[endpoint]
        # The read's own body, without its policy wrapper: one token check and one count against the rate limit.
        response = getattr(read, "__wrapped__", read)(**arguments)
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
            f"/{_kind}/<string:resource_id>/_history/<string:version_id>",
            endpoint=f"{_kind.lower()}_vread",
            view_func=_vread(_kind),
        )
