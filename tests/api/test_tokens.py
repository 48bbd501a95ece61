"""Only a Maskinporten access token for this API, with the right scope, from an organisation that is
one of this Min plan's municipalities gets in; every other caller is told why in the answer, and
the log keeps the organisation number and the reason, never the token."""

from __future__ import annotations

import base64
import json
import logging
import time
import uuid

import pytest
from joserfc import jws, jwt
from joserfc.jwk import RSAKey

from app.api.auth import JwksCache
from tests.api.conftest import AUDIENCE, STRANGER_ORGNO, WRITE
from tests.conftest import make_app, serve_in_thread


def _outcome(response) -> str:
    body = response.get_json()
    assert response.mimetype == "application/fhir+json"
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]["diagnostics"]


def test_no_token_is_a_401_with_a_bearer_challenge(api_app):
    response = api_app.test_client().get("/fhir/CarePlan")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert _outcome(response) == "no bearer token"


def test_a_token_signed_by_anyone_but_maskinporten_is_refused(fhir, askoy, maskinporten):
    genuine = jwt.decode(askoy.token(), maskinporten.signing_key).claims
    impostor = RSAKey.generate_key(2048, parameters={"kid": maskinporten.signing_key.kid}, private=True)
    forged = jwt.encode({"alg": "RS256", "kid": impostor.kid}, genuine, impostor)

    response = fhir("/fhir/CarePlan", token=forged)

    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert _outcome(response) == "signature not valid"


def test_a_token_with_the_algorithm_none_is_refused(fhir, askoy, maskinporten):
    claims = jwt.decode(askoy.token(), maskinporten.signing_key).claims
    unsigned = ".".join(
        part.rstrip("=")
        for part in (
            _b64({"alg": "none", "kid": maskinporten.signing_key.kid}),
            _b64(claims),
            "",
        )
    )

    response = fhir("/fhir/CarePlan", token=unsigned)

    assert response.status_code == 401
    assert _outcome(response) == "algorithm not RS256"


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def test_an_expired_token_is_refused(fhir, askoy, maskinporten, monkeypatch):
    an_hour_ago = time.time() - 3600
    monkeypatch.setattr(maskinporten, "clock", lambda: an_hour_ago)
    expired = askoy.token(now=an_hour_ago)

    response = fhir("/fhir/CarePlan", token=expired)

    assert response.status_code == 401
    assert _outcome(response) == "expired"


@pytest.mark.parametrize("resource", ["https://another-api.example/fhir", None], ids=["another-api", "unrestricted"])
def test_a_token_for_another_audience_is_refused(fhir, askoy, resource):
    response = fhir("/fhir/CarePlan", token=askoy.token(resource=resource))

    assert response.status_code == 401
    assert _outcome(response) == "wrong audience"


def test_a_token_without_the_read_scope_is_a_403(fhir, askoy):
    response = fhir("/fhir/CarePlan", token=askoy.token(scope=WRITE))

    assert response.status_code == 403
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="minplan:read"' in challenge
    assert _outcome(response) == "scope minplan:read missing"


def test_an_organisation_that_is_no_municipality_here_gets_nothing(fhir, maskinporten, caplog):
    stranger = maskinporten.systems["stranger"]
    token = stranger.token()

    with caplog.at_level(logging.WARNING, logger="minplan.api.auth"):
        response = fhir("/fhir/CarePlan", token=token)

    assert response.status_code == 403
    assert _outcome(response) == "organisation serves no municipality here"
    (refusal,) = [r for r in caplog.records if getattr(r, "event", None) == "api.refused"]
    assert (refusal.orgno, refusal.reason) == (STRANGER_ORGNO, "organisation serves no municipality here")
    assert token not in caplog.text


def test_a_token_from_another_issuer_is_refused(fhir, askoy, maskinporten, monkeypatch):
    monkeypatch.setattr(maskinporten, "issuer", "https://maskinporten.example/")
    askoy_elsewhere = askoy.__class__(askoy.client_id, askoy.key, askoy.token_url, "https://maskinporten.example/")

    response = fhir("/fhir/CarePlan", token=askoy_elsewhere.token())

    assert response.status_code == 401
    assert _outcome(response) == "wrong issuer"


def test_a_new_signing_key_is_fetched_when_a_token_names_it(fhir, askoy, maskinporten, monkeypatch):
    assert fhir("/fhir/CarePlan").status_code == 200  # the old key is cached now
    rotated = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex}, private=True)
    monkeypatch.setattr(maskinporten, "signing_key", rotated)

    response = fhir("/fhir/CarePlan", token=askoy.token())

    assert response.status_code == 200


def test_while_maskinporten_s_keys_cannot_be_fetched_the_api_says_try_again(database_url, app, maskinporten, askoy):
    closed = serve_in_thread()
    jwks_url = f"http://127.0.0.1:{closed.server_port}/jwk"
    closed.shutdown()
    closed.server_close()
    cut_off = make_app(
        database_url,
        FHIR_MASKINPORTEN_ISSUER=maskinporten.issuer,
        FHIR_MASKINPORTEN_JWKS_URL=jwks_url,
        FHIR_AUDIENCE=AUDIENCE,
    )

    response = cut_off.test_client().get("/fhir/CarePlan", headers={"Authorization": f"Bearer {askoy.token()}"})

    assert response.status_code == 503
    assert response.get_json()["issue"][0]["code"] == "transient"
    cut_off.extensions["db_engine"].dispose()


@pytest.mark.parametrize(
    "token",
    ["nonsense", "a.b.c", "...", "eyJhbGciOiJSUzI1NiJ9", "W10.W10.W10", "\u00e6\u00f8\u00e5.x.y", "e30." * 40],
)
def test_a_malformed_token_is_a_401_not_an_error(fhir, token):
    response = fhir("/fhir/CarePlan", token=token)

    assert response.status_code == 401
    assert response.get_json()["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("payload", [b"[]", b'"text"', b"{", b'{"consumer": "0192:310900028", "exp": "soon"}'])
def test_a_well_signed_token_with_odd_claims_is_a_401(fhir, maskinporten, payload):
    key = maskinporten.signing_key
    token = jws.serialize_compact({"alg": "RS256", "kid": key.kid}, payload, key)

    response = fhir("/fhir/CarePlan", token=token)

    assert response.status_code == 401


def test_the_keys_held_serve_while_maskinporten_cannot_be_reached(maskinporten):
    closed = serve_in_thread()
    closed_url = f"http://127.0.0.1:{closed.server_port}/jwk"
    closed.shutdown()
    closed.server_close()
    keys = JwksCache(maskinporten.issuer + "jwk", max_age=0, refetch_after=0)
    kid = maskinporten.signing_key.kid
    assert [key.kid for key in keys.key_set(kid).keys] == [kid]

    keys.url = closed_url

    assert [key.kid for key in keys.key_set(kid).keys] == [kid]
