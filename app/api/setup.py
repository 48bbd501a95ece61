"""Setting up the FHIR API in the app: its routes under /fhir, and FHIR answers where no route is."""

from __future__ import annotations

from flask import Flask, request

# The routes register themselves on the blueprint.
from app.api import (  # noqa: F401
    appointments,
    bp,
    history,
    measures,
    plan_writes,
    views,
    views_consent,
    views_log,
    views_team,
    writes,
)
from app.api.outcome import outcome_response
from app.security import csrf


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # A system proves itself with a bearer token on every call, never a cookie a browser would send
    # by itself: the pages' CSRF token has nothing to protect here.
    csrf.exempt(bp)
    # First of all: before the pages' CSRF check could answer a system's POST with an HTML page.
    app.before_request_funcs.setdefault(None, []).insert(0, _unrouted_in_fhir)


def _unrouted_in_fhir():
    """A request under /fhir that no route takes (a method not offered, a path not known) is
    answered as FHIR with an OperationOutcome, not with an HTML error page."""
    error = request.routing_exception
    if error is None or not request.path.startswith(bp.url_prefix + "/"):
        return None
    if getattr(error, "code", None) == 405:
        allowed = ", ".join(sorted(error.valid_methods or []))
        return outcome_response(405, "not-supported", "This interaction is not offered", headers={"Allow": allowed})
    if getattr(error, "code", None) == 404:
        return outcome_response(404, "not-supported", "This interaction is not supported (see /fhir/metadata)")
    return None  # a redirect (a trailing slash): Flask's own answer
