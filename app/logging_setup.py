"""Structured logs: one JSON object per line on stderr, no personal data in messages.

Every line passes a filter that redacts identity numbers, id_tokens and the calendar feed's
secret token, wherever they are: message, arguments, extra fields, traceback, path.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
REDACTED = "[redacted]"
# The load balancer's probes (app/health.py) and the metrics scraper's (app/metrics.py): they
# reach the instance by its address, and are logged only when not answered 200.
PROBE_ENDPOINTS = frozenset({"health.alive", "health.ready", "metrics.metrics"})

# An identity number (fødselsnummer, D-number, synthetic): 11 digits, also written 6 + 5 with a
# space or a dot. Letters around it mean it is part of something else (a hash, a request id).
_IDENTITY_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{6}[ .]?[0-9]{5}(?![0-9A-Za-z])")
# A JWT, such as ID-porten's id_token, which carries the identity number.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# The calendar feed's token is the key to the feed (only its hash is stored); its page,
# /plan/kalender/..., holds none.
_FEED_TOKEN = re.compile(r"(?<!/plan)(/kalender/)[^/?#\s\"'<>\\.]+")


# PostgreSQL's error text quotes the values: "Key (pid)=(…) already exists", "Failing row
# contains (…)" with every column of the row, health text included.
_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)


def redact(text: str) -> str:
    text = _DETAIL.sub("DETAIL: " + REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    text = _FEED_TOKEN.sub(r"\1" + REDACTED, text)
    return _IDENTITY_NUMBER.sub(REDACTED, text)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return REDACTED if _IDENTITY_NUMBER.fullmatch(str(value)) else value
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_redact_value(item) for item in value]
    if isinstance(value, (float, type(None))):
        return value
    return redact(str(value))


class RedactingFilter(logging.Filter):
    """On every handler: rewrites the record so no handler can write what it must not."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message), None
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD:
                record.__dict__[key] = _redact_value(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._redacted = True
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if has_request_context():
            entry.setdefault("request_id", getattr(g, "request_id", None))
            entry.setdefault("path", request.path)
            entry.setdefault("method", request.method)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        # Again here: the path and anything a handler without the filter would pass on.
        return json.dumps(_redact_value(entry), default=str, ensure_ascii=False)


class _MinplanHandler(logging.StreamHandler):
    """Ours, so a second app in the same process replaces it instead of adding another."""


def redact_every_handler() -> None:
    """Puts the filter on every handler of the root logger and of the servers' own loggers."""
    loggers = [
        logging.getLogger(),
        *(logging.getLogger(name) for name in ("gunicorn.error", "gunicorn.access", "werkzeug")),
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


def init_app(app: Flask) -> None:
    handler = _MinplanHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _MinplanHandler)] + [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    redact_every_handler()
    app.logger.handlers[:] = []
    app.logger.propagate = True
    # Werkzeug's own access lines would bypass the formatter; ours carry the same facts as JSON.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def _start_request() -> None:
    # Letters as well as digits: a request id never looks like an identity number.
    g.request_id = request.headers.get("X-Request-Id", "")[:64] or secrets.token_urlsafe(12)
    g.request_started = time.perf_counter()


def _note_status(response):
    g.response_status = response.status_code
    return response


def describe(error: BaseException) -> str:
    """An exception as one short line: its type, and the driver's first line of text."""
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0][:200]
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    return f"{kind}: {first_line}" if first_line else kind


def _log_request(exception: BaseException | None) -> None:
    """One line for every request, written when everything else is done, failed or not."""
    started = g.get("request_started")
    # Not begun: a request context without a request (a test's or a command's), nothing to log.
    if started is None or request.endpoint == "static" or g.get("request_logged"):
        return
    # A probe every few seconds from every load balancer: only when it is not answered 200.
    if request.endpoint in PROBE_ENDPOINTS and g.get("response_status") == 200:
        return
    g.request_logged = True
    status = g.get("response_status", 500 if exception is not None else None)
    extra: dict[str, Any] = {
        "event": "http.request",
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "htmx": request.headers.get("HX-Request") == "true",
    }
    level = logging.ERROR if status is None or status >= 500 else logging.INFO
    error = g.get("request_error") or exception
    if error is not None:
        extra["error"] = describe(error)
    not_saved = g.get("session_not_saved")
    if not_saved is not None:
        extra["session_not_saved"] = describe(not_saved)
        level = max(level, logging.WARNING)
    logging.getLogger("minplan.access").log(level, "request", extra=extra)


def init_request_logging(app: Flask) -> None:
    app.before_request(_start_request)
    app.after_request(_note_status)
    app.teardown_request(_log_request)
