"""The FHIR API as a municipal system meets it: Maskinporten's stand-in over real HTTP, a token got
with a client assertion signed by the system's own key, and the API called with it."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from devstandins.maskinporten import GRANT_TYPE, Client
from devstandins.maskinporten import create_app as create_stand_in
from tests.conftest import make_app, serve_in_thread

AUDIENCE = "https://minplan.test/fhir"
READ = "minplan:read"
WRITE = "minplan:write"
# Synthetic organisation numbers (app/api/configuration.DEMO_ORGNOS) the test app maps.
ASKOY_ORGNO = "310900028"
HORTEN_ORGNO = "310900052"
STRANGER_ORGNO = "310900060"


@dataclass
class MunicipalSystem:
    """A municipality's system as it would talk to Maskinporten: its client id and private key."""

    client_id: str
    key: RSAKey
    token_url: str
    issuer: str

    def assertion(self, scope: str = READ, resource: str | None = AUDIENCE, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        claims = {
            "iss": self.client_id,
            "aud": self.issuer,
            "iat": issued,
            "exp": issued + 60,
            "jti": uuid.uuid4().hex,
            "scope": scope,
        }
        if resource is not None:
            claims["resource"] = resource
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)

    def grant(self, assertion: str) -> requests.Response:
        return requests.post(self.token_url, data={"grant_type": GRANT_TYPE, "assertion": assertion}, timeout=10)

    def token(self, **claims) -> str:
        response = self.grant(self.assertion(**claims))
        assert response.status_code == 200, response.text
        return response.json()["access_token"]


def _key(name: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": f"{name}-1"}, private=True)


@pytest.fixture(scope="session")
def maskinporten():
    """The stand-in on its own port, with Askøy's and Horten's systems and an organisation that is
    no municipality registered, each by its public key."""
    server = serve_in_thread()
    issuer = f"http://127.0.0.1:{server.server_port}/"
    keys = {name: _key(name) for name in ("askoy", "horten", "stranger")}
    orgnos = {"askoy": ASKOY_ORGNO, "horten": HORTEN_ORGNO, "stranger": STRANGER_ORGNO}
    clients = [
        Client(f"{name}-fagsystem", orgnos[name], name, [key.as_dict(private=False)]) for name, key in keys.items()
    ]
    server.app = create_stand_in(issuer, clients)
    stand_in = server.app.extensions["maskinporten"]
    stand_in.systems = {
        name: MunicipalSystem(f"{name}-fagsystem", key, issuer + "token", issuer) for name, key in keys.items()
    }
    yield stand_in
    server.shutdown()


def api_config(maskinporten) -> dict:
    """The settings that make an app trust Maskinporten's stand-in, with Askøy's and Horten's systems."""
    return {
        "FHIR_MASKINPORTEN_ISSUER": maskinporten.issuer,
        "FHIR_MASKINPORTEN_JWKS_URL": maskinporten.issuer + "jwk",
        "FHIR_AUDIENCE": AUDIENCE,
        "FHIR_CONSUMERS": {ASKOY_ORGNO: "askoy", HORTEN_ORGNO: "horten"},
    }


@pytest.fixture(scope="session")
def api_app(app, database_url, maskinporten):
    """The app on the test database (the demo data loaded by `app`), trusting the stand-in."""
    api_app = make_app(database_url, **api_config(maskinporten), FHIR_JWKS_REFETCH_SECONDS=0)
    yield api_app
    api_app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def askoy(maskinporten):
    return maskinporten.systems["askoy"]


@pytest.fixture
def fhir(api_app, askoy):
    """GET under /fhir with a fresh read token of Askøy's system (or the `token` given)."""
    client = api_app.test_client()

    def get(path: str, token: str | None = None, headers: dict | None = None, **kwargs):
        bearer = token if token is not None else askoy.token()
        return client.get(path, headers={"Authorization": f"Bearer {bearer}", **(headers or {})}, **kwargs)

    return get


@pytest.fixture
def fhir_call(api_app, askoy):
    """A request under /fhir with a fresh read-and-write token of Askøy's system (or the `token` given)."""
    client = api_app.test_client()

    def send(method: str, path: str, body=None, token: str | None = None, headers: dict | None = None, **kwargs):
        bearer = token if token is not None else askoy.token(scope=f"{READ} {WRITE}")
        if body is not None and not isinstance(body, str | bytes):
            body = json.dumps(body)
        return client.open(
            path,
            method=method,
            data=body,
            content_type=kwargs.pop("content_type", "application/fhir+json"),
            headers={"Authorization": f"Bearer {bearer}", **(headers or {})},
            **kwargs,
        )

    return send
