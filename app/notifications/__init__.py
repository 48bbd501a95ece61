"""Notices by e-mail and SMS when something changes: subscribed to the named events the services
record (outbox.py, sources.py), sent by the task queue's workers (queue.py, worker.py)."""

from __future__ import annotations

from flask import Flask

from app.notifications import message_source, queue, sources  # noqa: F401  (importing subscribes the sources)


def init_app(app: Flask) -> None:
    queue.init_app(app)
