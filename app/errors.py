"""Error pages in the user's language, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api import bp as api_bp
from app.api.outcome import outcome_response
from app.auth.kept_form import keep_refused_form
from app.db import is_outage
from app.db_errors import is_overload, is_statement_timeout

log = logging.getLogger("minplan.errors")

# Statuses with a page of their own; any other HTTP error uses the closest of these.
PAGES = {400, 403, 404, 405, 413, 422, 429, 500, 503}
# How long a browser or a script should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30
# While it is only busy (a statement cut by its timeout, no free connection): sooner.
BUSY_RETRY_AFTER_SECONDS = 10


def render_error(status: int, reason: str | None = None):
    page = status if status in PAGES else (500 if status >= 500 else 400)
    return render_template(f"errors/{page}.html", status=status, reason=reason), status


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def _csrf_error(error: CSRFError):
    log.warning("csrf refused", extra={"event": "csrf.refused", "reason": error.description})
    # A form sent after the session ended: kept across a new login, or its words shown back.
    if (to_login := keep_refused_form()) is not None:
        return to_login
    return render_error(400, reason="csrf")


# The last resort when even the error page fails (a broken template, a database that is down):
# no layout, no database, no translations that could fail again.
BARE_500 = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Noe gikk galt hos oss – Min plan</title></head>
<body><main><h1>Noe gikk galt hos oss</h1>
<p>Det er ikke din feil. Prøv igjen om litt. <a href="/">Gå til forsiden</a></p>
<p lang="en">Something went wrong on our side. It is not your fault. Please try again later.</p>
</main></body></html>"""


BARE_503 = BARE_500.replace("Noe gikk galt hos oss", "Min plan er ikke tilgjengelig akkurat nå").replace(
    "Something went wrong on our side.", "Min plan is not available right now."
)


def _database_unavailable(error: Exception):
    """An outage is not a bug: one line on the request's log line, no traceback, and a page that
    says to come back (status 503 with Retry-After). Past capacity (app/db_errors.py) the same,
    in words that say it is busy; a system calling /fhir gets an OperationOutcome."""
    g.request_error = error
    busy = is_overload(error)
    headers = {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS if busy else RETRY_AFTER_SECONDS)}
    if request.path == api_bp.url_prefix or request.path.startswith(api_bp.url_prefix + "/"):
        if is_statement_timeout(error):
            return outcome_response(503, "timeout", "The request took too long and was stopped; try again.", headers)
        return outcome_response(503, "transient", "The service is unavailable or busy; try again later.", headers)
    try:
        body, status = render_error(503, reason="busy" if busy else None)
        return body, status, headers
    except Exception:  # noqa: BLE001 - the page itself may need the database (the banner)
        return BARE_503, 503, {**headers, "Content-Type": "text/html; charset=utf-8"}


def _database_error(error: Exception):
    return _database_unavailable(error) if is_outage(error) else _unexpected(error)


def _unexpected(error: Exception):
    if is_outage(error):
        return _database_unavailable(error)
    g.request_error = error
    log.exception("unhandled error", extra={"event": "error.unhandled"})
    try:
        return render_error(500)
    except Exception:  # noqa: BLE001 - anything at all: the person must still get a page
        log.exception("the error page failed too", extra={"event": "error.page_failed"})
        return BARE_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def _internal_server_error(error: InternalServerError):
    """Flask comes here with an exception no other handler took, and has logged it already."""
    original = error.original_exception
    if original is not None and is_outage(original):
        return _database_unavailable(original)
    g.request_error = original or error
    try:
        return render_error(500)
    except Exception:  # noqa: BLE001 - anything at all: the person must still get a page
        return BARE_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _internal_server_error)
    app.register_error_handler(Exception, _unexpected)
    for database_error in (DBAPIError, PoolTimeoutError, DisconnectionError):
        app.register_error_handler(database_error, _database_error)
