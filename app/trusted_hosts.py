"""Only the host names Min plan is served under (TRUSTED_HOSTS) may name it in a request.

Every absolute URL the app builds (the login's redirect_uri, the post-logout URI) comes from
the request's Host, so a forged Host would send ID-porten's answer, with its code, elsewhere.
A request for any other host gets the 400 page, built as if it had named a trusted host, so
not even the error page carries the forged one. Runs inside ProxyFix, so behind a proxy it is
the forwarded host that is checked.
"""

from __future__ import annotations

import logging

from flask import Flask, abort, request
from werkzeug.sansio.utils import host_is_trusted

from app.logging_setup import PROBE_ENDPOINTS

log = logging.getLogger("minplan.security")
UNTRUSTED_KEY = "minplan.untrusted_host"


class TrustedHostsMiddleware:
    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        trusted = self.app.config["TRUSTED_HOSTS"]
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
        if not host_is_trusted(host.lower(), trusted):
            environ[UNTRUSTED_KEY] = host
            environ["HTTP_HOST"] = trusted[0].lstrip(".")
        elif environ.get("HTTP_HOST"):
            # A host name is the same in any case (RFC 3986), but Flask compares it with
            # TRUSTED_HOSTS as written: "MINPLAN.example.no" would be a server error on every page.
            environ["HTTP_HOST"] = environ["HTTP_HOST"].lower()
        return self.wsgi_app(environ, start_response)


def _refuse_untrusted_host() -> None:
    host = request.environ.get(UNTRUSTED_KEY)
    # A load balancer probes by the instance's own address; the answers name nothing.
    if host is not None and request.endpoint not in PROBE_ENDPOINTS:
        log.warning("untrusted host refused", extra={"event": "host.untrusted", "host": host[:100]})
        abort(400)


def init_app(app: Flask) -> None:
    """Before ProxyFix wraps the app (so this runs after it), and before any other request hook."""
    app.wsgi_app = TrustedHostsMiddleware(app.wsgi_app, app)
    app.before_request(_refuse_untrusted_host)
