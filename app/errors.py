"""Error pages in the user's language, never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("minplan.errors")

# Statuses with a page of their own; any other HTTP error uses the closest of these.
PAGES = {400, 403, 404, 405, 413, 422, 429, 500}


def render_error(status: int, reason: str | None = None):
    page = status if status in PAGES else (500 if status >= 500 else 400)
    return render_template(f"errors/{page}.html", status=status, reason=reason), status


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def _csrf_error(error: CSRFError):
    log.warning("csrf refused", extra={"event": "csrf.refused", "reason": error.description})
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


def _unexpected(error: Exception):
    log.exception("unhandled error", extra={"event": "error.unhandled"})
    try:
        return render_error(500)
    except Exception:  # noqa: BLE001 - anything at all: the person must still get a page
        log.exception("the error page failed too", extra={"event": "error.page_failed"})
        return BARE_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, lambda e: _unexpected(e.original_exception or e))
    app.register_error_handler(Exception, _unexpected)
