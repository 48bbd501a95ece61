"""Security headers in one place: CSP with per-request nonces, HSTS, no caching of pages."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)

# What every response carries, static files included (app/assets.py serves those outside Flask).
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def extra_form_action_origins() -> list[str]:
    """Origins a form may post or redirect to besides our own (the identity provider)."""
    return list(getattr(g, "form_action_origins", []))


def read_aloud_sources() -> tuple[list[str], list[str]]:
    """What read-aloud needs besides our own origin: nothing for the browser's voices; with a
    read-aloud service (READ_ALOUD_SERVICE_URL), its origin to send text to (connect-src) and
    the audio it answers with, played from a blob: URL (media-src)."""
    url = current_app.config.get("READ_ALOUD_SERVICE_URL") or ""
    if not url:
        return [], []
    parts = urlsplit(url)
    connect = [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []
    return connect, ["blob:"]


def content_security_policy() -> str:
    form_action = " ".join(["'self'", *extra_form_action_origins()])
    read_aloud_connect, read_aloud_media = read_aloud_sources()
    frame_ancestors = " ".join(getattr(g, "frame_ancestors", [])) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            " ".join(["connect-src 'self'", *read_aloud_connect]),
            " ".join(["media-src 'self'", *read_aloud_media]),
            f"form-action {form_action}",
            f"frame-ancestors {frame_ancestors}",
            "base-uri 'none'",
            "object-src 'none'",
            "manifest-src 'self'",
        ]
    )


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    if response.mimetype == "text/html":
        headers["Content-Security-Policy"] = content_security_policy()
    headers.update(COMMON_HEADERS)
    if not getattr(g, "frame_ancestors", None):
        headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Pages may hold personal data: never store them in any cache.
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


def same_origin_only(view: Callable) -> Callable:
    """For the harmless choices on every page (language, easy-read): no session-bound token,
    which would expire while a slow reader reads and would make every visit create a session.
    A cross-site POST is refused by what the browser says about where it came from."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        origin = request.headers.get("Origin")
        fetch_site = request.headers.get("Sec-Fetch-Site")
        if origin is not None and origin != request.host_url.rstrip("/"):
            abort(403)
        if fetch_site not in (None, "same-origin", "none"):
            abort(403)
        return view(*args, **kwargs)

    csrf.exempt(wrapper)
    return wrapper


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(set_security_headers)
