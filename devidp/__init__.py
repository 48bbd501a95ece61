"""devidp: a local stand-in for ID-porten and for the municipality's staff login, built on
authlib's server side.

It speaks ID-porten's protocol over real HTTP so Min plan's relying party runs its
production code path in development and tests; its login page works like TestID with the
synthetic demo persons. With realm="staff" it is instead the municipality's own OIDC provider
(as Entra ID would be) for the synthetic staff in app/demo/staff.py (devidp/realms.py says how
the realms differ). It refuses to run outside development and test, or off loopback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from devidp.guards import check_may_run
from devidp.realms import REALMS, Realm
from devidp.registry import Client
from devidp.server import build_server
from devidp.store import Store


@dataclass
class StandIn:
    issuer: str
    store: Store
    clients: dict[str, Client]
    server: object
    realm: Realm


def create_app(issuer: str, clients: list[Client], environment: str | None = None, realm: str = "idporten") -> Flask:
    if realm not in REALMS:
        raise ValueError(f"Unknown realm {realm!r}: one of {sorted(REALMS)}")
    strays = [client.client_id for client in clients if client.realm != realm]
    if strays:
        raise ValueError(f"Clients registered with another realm than {realm!r}: {strays}")
    issuer = issuer.rstrip("/")
    check_may_run(environment if environment is not None else os.environ.get("MINPLAN_ENV", "development"), issuer)
    app = Flask(__name__, static_folder=str(Path(__file__).parent / "static"))
    app.config["SECRET_KEY"] = secrets.token_urlsafe(32)
    registered = {client.client_id: client for client in clients}
    store = Store()
    server = build_server(app, store, registered, issuer, REALMS[realm])
    app.extensions["devidp"] = StandIn(issuer, store, registered, server, REALMS[realm])

    from devidp.views import bp

    app.register_blueprint(bp)
    app.after_request(lambda response: _security_headers(response, registered))
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.context_processor(lambda: {"realm": REALMS[realm]})
    return app


def _security_headers(response, clients: dict[str, Client]):
    # The login form redirects to, and the logout page frames, the clients' own origins.
    origins = " ".join(sorted({o for c in clients.values() for o in c.origins()})) or "'none'"
    response.headers["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'none'",
            "style-src 'self'",
            "script-src 'self'",
            "img-src 'self' data:",
            f"form-action 'self' {origins}",
            f"frame-src {origins}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
