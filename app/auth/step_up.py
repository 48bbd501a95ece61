"""Sending a person to ID-porten: to log in, to log in again, or to prove more (step-up).

Later features call `require_fresh_login` before a sensitive action, such as giving consent:
it answers with a redirect when the login is too weak or too old, and with None when the
action may go ahead.
"""

from __future__ import annotations

import logging

from flask import Response, redirect, request, session, url_for

from app.auth import current
from app.htmx import wants_fragment
from app.urls import safe_next

log = logging.getLogger("minplan.auth")


def _here() -> str:
    if request.method == "GET":
        return safe_next(request.full_path.rstrip("?"))
    return safe_next(request.form.get("next"))


def redirect_away(url: str) -> Response:
    """A redirect, also to another site, that works for htmx requests too."""
    if wants_fragment():
        # htmx cannot follow a redirect to another site: ask it for a full page load instead.
        response = Response(status=204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


def redirect_to_login() -> Response:
    """To the login, and back here afterwards; also where an expired session ends up."""
    expired = bool(getattr(session, "expired_previous", False))
    log.info("login required", extra={"event": "login.required", "session_expired": expired})
    return redirect_away(url_for("auth.login", next=_here()))


def require_fresh_login(acr: str, max_age: int | None = None) -> Response | None:
    """None if the login is at least `acr` and at most `max_age` seconds old; else a redirect."""
    if current.login_is_fresh(acr, max_age):
        return None
    log.info("step-up required", extra={"event": "login.step_up", "acr": acr, "max_age": max_age})
    values = {"next": _here(), "acr": acr, "fresh": "1"}
    if max_age is not None:
        values["max_age"] = max_age
    return redirect_away(url_for("auth.login", **values))
