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


def _unexpected(error: Exception):
    log.exception("unhandled error", extra={"event": "error.unhandled"})
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, lambda e: _unexpected(e.original_exception or e))
    app.register_error_handler(Exception, _unexpected)
