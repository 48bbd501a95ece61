"""Rate limits on the doors an attacker would hammer (the login), shared between processes
through Redis when REDIS_URL is set (DESIGN.md §3); in one process, memory is enough.

One Limiter per app (not a module global): each app, and each test app, keeps its own
settings and counts.
"""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# A person logs in a few times a day; a script trying identity numbers does it every second.
LOGIN_LIMIT = "20 per minute;200 per hour"
LIMITED_ENDPOINTS = ("auth.login", "auth.callback")


def init_app(app: Flask) -> None:
    """Run after the blueprints are registered: it wraps their views."""
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config.get("REDIS_URL") or "memory://",
        enabled=app.config.get("RATELIMIT_ENABLED", True),
        headers_enabled=True,
    )
    app.extensions["minplan_limiter"] = limiter  # the wrapped views hold only a weak reference
    for endpoint in LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limiter.limit(LOGIN_LIMIT)(app.view_functions[endpoint])
