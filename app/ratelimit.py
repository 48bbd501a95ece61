"""Rate limits on the doors an attacker would hammer (the login), shared between processes
through Redis when REDIS_URL is set; in one process, memory is enough.

When Redis cannot be reached, each process counts in its own memory until Redis answers again
(Flask-Limiter's in-memory fallback, which warns once and checks Redis again with a growing
pause): a limiter that is down must not lock everybody out of logging in.

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
# A Redis that does not answer must not hold up a login for long: every login attempt asks it.
REDIS_TIMEOUT_SECONDS = 0.5


def init_app(app: Flask) -> None:
    """Run after the blueprints are registered: it wraps their views."""
    redis_url = app.config.get("REDIS_URL")
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=redis_url or "memory://",
        storage_options={"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS}
        if redis_url
        else {},
        in_memory_fallback_enabled=bool(redis_url),
        enabled=app.config.get("RATELIMIT_ENABLED", True),
        headers_enabled=True,
    )
    app.extensions["minplan_limiter"] = limiter  # the wrapped views hold only a weak reference
    for endpoint in LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limiter.limit(LOGIN_LIMIT)(app.view_functions[endpoint])
