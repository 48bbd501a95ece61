"""Rate limits on the doors an attacker would hammer (the login), shared between processes
through Redis when REDIS_URL is set; in one process, memory is enough.

When Redis cannot be reached, each process counts in its own memory until Redis answers again
(Flask-Limiter's in-memory fallback, which warns once and checks Redis again with a growing
pause): a limiter that is down must not lock everybody out of logging in.

One Limiter per app (not a module global): each app, and each test app, keeps its own
settings and counts.
"""

from __future__ import annotations

import ipaddress
import math
import time
from datetime import UTC, datetime

from flask import Flask, current_app, render_template
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

# A person logs in a few times a day; a script trying identity numbers does it every second.
LOGIN_LIMIT = "20 per minute;200 per hour"
# The citizens' login and the staff login: each attempt also starts a server-side session.
LIMITED_ENDPOINTS = ("auth.login", "auth.callback", "staff_auth.login_start", "staff_auth.callback")
# One home or mobile connection is given a whole IPv6 /64: counted by address, it would have
# 2**64 fresh limits.
IPV6_PREFIX = 64
# A Redis that does not answer must not hold up a login for long: every login attempt asks it.
REDIS_TIMEOUT_SECONDS = 0.5


def client_key() -> str:
    """Who is counted: the client's IPv4 address, or its IPv6 /64."""
    address = get_remote_address()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # an IPv4 client on a dual-stack socket
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


def init_app(app: Flask) -> None:
    """Run after the blueprints are registered: it wraps their views."""
    redis_url = app.config.get("REDIS_URL")
    limiter = Limiter(
        client_key,
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
    app.register_error_handler(RateLimitExceeded, too_many_attempts)
    for endpoint in LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limiter.limit(app.config.get("LOGIN_RATE_LIMIT", LOGIN_LIMIT))(
            app.view_functions[endpoint]
        )


def wait_seconds(reset_at: float | None, now: float) -> int:
    """How long until the limit that was reached lets the next attempt through, in whole seconds."""
    return max(1, math.ceil(reset_at - now)) if reset_at else 60


def too_many_attempts(error: RateLimitExceeded):
    """The 429 page says the real wait (most of an hour after the hourly limit), in minutes and as a
    time of day, and Retry-After says the same to a script."""
    request_limit = current_app.extensions["minplan_limiter"].current_limit
    now = time.time()
    seconds = wait_seconds(request_limit.reset_at if request_limit else None, now)
    page = render_template(
        "errors/429.html",
        status=429,
        wait_minutes=max(1, round(seconds / 60)),  # 61 s is "1 minutt", 3599 s is "60 minutter"
        try_again_at=datetime.fromtimestamp(now + seconds, UTC),
    )
    return page, 429, {"Retry-After": str(seconds)}
