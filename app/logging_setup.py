"""Structured logs: one JSON object per line on stderr, no personal data in messages."""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if has_request_context():
            entry.setdefault("request_id", getattr(g, "request_id", None))
            entry.setdefault("path", request.path)
            entry.setdefault("method", request.method)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    app.logger.handlers[:] = []
    app.logger.propagate = True
    # Werkzeug's own access lines would bypass the formatter; ours carry the same facts as JSON.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def _start_request() -> None:
    import secrets
    import time

    g.request_id = request.headers.get("X-Request-Id", "")[:64] or secrets.token_hex(8)
    g.request_started = time.perf_counter()


def _log_request(response):
    import time

    started = getattr(g, "request_started", None)
    if started is not None and request.endpoint != "static":
        logging.getLogger("minplan.access").info(
            "request",
            extra={
                "event": "http.request",
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "htmx": request.headers.get("HX-Request") == "true",
            },
        )
    return response


def init_request_logging(app: Flask) -> None:
    app.before_request(_start_request)
    app.after_request(_log_request)
