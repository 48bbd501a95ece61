"""`python -m devstandins.maskinporten --port 5405`: Maskinporten's stand-in for `make run` and the
tests, over real HTTP with Maskinporten's grant and token (the municipal systems' side of the FHIR API).

A client proves who it is by the JWT-bearer grant (RFC 7523): an assertion it signs with its own
private key, `iss` its client id, `aud` this issuer, at most 120 seconds long, a `jti` used once,
the scopes it asks for and, for an audience-restricted token, the `resource`. The answer is an
RS256 access token naming the consumer organisation (`0192:<orgno>`), as Maskinporten's does.

The demo clients are the demo municipalities' own systems (app/api/configuration.DEMO_ORGNOS)
and one organisation that is no municipality; their private keys are made on first start in
instance/maskinporten/ for a developer's scripts. It refuses to run in production or off loopback.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import run_simple

from app.api.configuration import DEFAULT_SCOPE_PREFIX, DEMO_ORGNOS, DEMO_STRANGER_ORGNO
from devidp.guards import ALLOWED_ENVIRONMENTS, StandInRefused, is_loopback

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_MAX_SECONDS = 120
LEEWAY_SECONDS = 10
TOKEN_SECONDS = 120
# Maskinporten's word for a token that is not restricted to one resource.
UNRESTRICTED = "unspecified"
DEMO_SCOPES = frozenset({f"{DEFAULT_SCOPE_PREFIX}:read", f"{DEFAULT_SCOPE_PREFIX}:write"})
DEMO_NAMES = {
    "askoy": "Askøy kommune",
    "luster": "Luster kommune",
    "alesund": "Ålesund kommune",
    "horten": "Horten kommune",
}


@dataclass
class Client:
    client_id: str
    orgno: str
    name: str
    public_keys: list[dict]  # the client's JWKS, public parts only
    scopes: frozenset[str] = DEMO_SCOPES

    def keys(self) -> KeySet:
        return KeySet([RSAKey.import_key(key) for key in self.public_keys])


@dataclass
class Refusal(Exception):
    error: str
    description: str


@dataclass
class MaskinportenStandIn:
    issuer: str
    clients: dict[str, Client]
    signing_key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex}, private=True)
    )
    clock: object = time.time
    _used_jti: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def token(self, grant_type: str | None, assertion: str | None) -> dict:
        if grant_type != GRANT_TYPE:
            raise Refusal("unsupported_grant_type", f"grant_type must be {GRANT_TYPE}")
        if not assertion:
            raise Refusal("invalid_request", "assertion is missing")
        claims, client = self._verified(assertion)
        scopes = str(claims.get("scope") or "").split()
        if not scopes or not set(scopes) <= client.scopes:
            raise Refusal("invalid_scope", "the client may not ask for these scopes")
        resource = claims.get("resource")
        if resource is not None and not (isinstance(resource, str) and resource):
            raise Refusal("invalid_target", "resource must be one audience")
        now = int(self.clock())
        access = {
            "iss": self.issuer,
            "aud": resource or UNRESTRICTED,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "scope": " ".join(scopes),
            "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{client.orgno}"},
            "client_id": client.client_id,
            "client_amr": "private_key_jwt",
            "token_type": "Bearer",
            "jti": uuid.uuid4().hex,
        }
        header = {"alg": "RS256", "kid": self.signing_key.kid, "typ": "JWT"}
        token = jwt.encode(header, access, self.signing_key)
        return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS, "scope": access["scope"]}

    def _verified(self, assertion: str) -> tuple[dict, Client]:
        client_id = _unverified_issuer(assertion)
        client = self.clients.get(client_id or "")
        if client is None:
            raise Refusal("invalid_client", "unknown client")
        try:
            claims = jwt.decode(assertion, client.keys(), algorithms=["RS256"]).claims
        except (JoseError, ValueError):
            raise Refusal("invalid_grant", "the assertion's signature does not match the client's keys") from None
        now = self.clock()
        if claims.get("aud") != self.issuer:
            raise Refusal("invalid_grant", "aud must be the issuer")
        exp, iat, jti = claims.get("exp"), claims.get("iat"), claims.get("jti")
        if not isinstance(exp, int) or not isinstance(iat, int):
            raise Refusal("invalid_grant", "exp and iat are required")
        if exp < now - LEEWAY_SECONDS or iat > now + LEEWAY_SECONDS:
            raise Refusal("invalid_grant", "the assertion is expired or not yet valid")
        if exp - iat > ASSERTION_MAX_SECONDS:
            raise Refusal("invalid_grant", f"an assertion lives at most {ASSERTION_MAX_SECONDS} seconds")
        if not isinstance(jti, str) or not jti:
            raise Refusal("invalid_grant", "jti is required")
        with self._lock:
            self._used_jti = {j: until for j, until in self._used_jti.items() if until >= now - LEEWAY_SECONDS}
            if jti in self._used_jti:
                raise Refusal("invalid_grant", "the assertion has been used before")
            self._used_jti[jti] = exp
        return claims, client

    def jwks(self) -> dict:
        return {"keys": [self.signing_key.as_dict(private=False) | {"use": "sig", "alg": "RS256"}]}

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "token_endpoint": self.issuer.rstrip("/") + "/token",
            "jwks_uri": self.issuer.rstrip("/") + "/jwk",
            "grant_types_supported": [GRANT_TYPE],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        }


def _unverified_issuer(assertion: str) -> str | None:
    """The assertion's `iss` before its signature is checked: only to find whose keys to check it with."""
    try:
        payload = assertion.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None


def create_app(issuer: str, clients: list[Client], environment: str | None = None) -> Flask:
    environment = environment if environment is not None else os.environ.get("MINPLAN_ENV", "development")
    if environment not in ALLOWED_ENVIRONMENTS:
        raise StandInRefused(f"Maskinporten's stand-in runs only in development or test, not {environment!r}")
    stand_in = MaskinportenStandIn(issuer=issuer, clients={c.client_id: c for c in clients})
    app = Flask(__name__)
    app.extensions["maskinporten"] = stand_in

    @app.post("/token")
    def token():
        try:
            return jsonify(stand_in.token(request.form.get("grant_type"), request.form.get("assertion")))
        except Refusal as refusal:
            return jsonify(error=refusal.error, error_description=refusal.description), 400

    @app.get("/jwk")
    def jwks():
        return jsonify(stand_in.jwks())

    @app.get("/.well-known/oauth-authorization-server")
    def metadata():
        return jsonify(stand_in.metadata())

    return app


def demo_clients(key_dir: Path) -> list[Client]:
    """A client for each demo municipality's system and one for an organisation that is none;
    each private key kept in `key_dir` as <client_id>.json (a JWK) for a developer's scripts."""
    key_dir.mkdir(parents=True, exist_ok=True)
    wanted = [(f"{slug}-fagsystem", orgno, DEMO_NAMES[slug] + "s fagsystem") for orgno, slug in DEMO_ORGNOS.items()]
    wanted.append(("annen-virksomhet", DEMO_STRANGER_ORGNO, "En virksomhet som ikke er en kommune"))
    clients = []
    for client_id, orgno, name in wanted:
        path = key_dir / f"{client_id}.json"
        if path.exists():
            key = RSAKey.import_key(json.loads(path.read_text()))
        else:
            key = RSAKey.generate_key(2048, parameters={"kid": f"{client_id}-1"}, private=True)
            path.write_text(json.dumps(key.as_dict(private=True)))
            path.chmod(0o600)
        clients.append(Client(client_id, orgno, name, [key.as_dict(private=False)]))
    return clients


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstandins.maskinporten", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("MASKINPORTEN_PORT", 5405)), help="default 5405")
    parser.add_argument("--keys", default="instance/maskinporten", help="where the demo clients' keys are kept")
    args = parser.parse_args(argv)
    host = f"[{args.host}]" if ":" in args.host else args.host
    issuer = f"http://{host}:{args.port}/"
    try:
        if not is_loopback(args.host):
            raise StandInRefused(f"Maskinporten's stand-in listens on loopback addresses only, not {args.host!r}")
        app = create_app(issuer, [])
        app.extensions["maskinporten"].clients = {c.client_id: c for c in demo_clients(Path(args.keys))}
    except StandInRefused as refused:
        print(f"devstandins.maskinporten: {refused}", file=sys.stderr)
        return 2
    print(f"devstandins.maskinporten: Maskinporten stand-in on {issuer} (keys in {args.keys})", file=sys.stderr)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
