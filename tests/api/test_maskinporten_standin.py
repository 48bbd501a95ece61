"""Maskinporten's stand-in grants a token only to a registered client that proves itself as
Maskinporten asks (RFC 7523), and never runs in production."""

from __future__ import annotations

import time

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from devidp.guards import StandInRefused
from devstandins.maskinporten import create_app, demo_clients, main
from tests.api.conftest import ASKOY_ORGNO, READ, MunicipalSystem


def _refused(response) -> str:
    assert response.status_code == 400
    return response.json()["error"]


def test_the_token_names_the_consumer_organisation_and_the_audience_asked_for(askoy, maskinporten):
    claims = jwt.decode(askoy.token(resource="https://minplan.test/fhir"), maskinporten.signing_key).claims

    assert claims["consumer"] == {"authority": "iso6523-actorid-upis", "ID": f"0192:{ASKOY_ORGNO}"}
    assert claims["aud"] == "https://minplan.test/fhir"
    assert claims["iss"] == maskinporten.issuer and claims["scope"] == READ
    assert claims["client_id"] == "askoy-fagsystem" and claims["exp"] - claims["iat"] == 120


def test_an_assertion_is_good_for_one_token_only(askoy):
    assertion = askoy.assertion()

    assert askoy.grant(assertion).status_code == 200
    assert _refused(askoy.grant(assertion)) == "invalid_grant"


def test_an_assertion_signed_with_an_unregistered_key_is_refused(askoy):
    thief = MunicipalSystem(
        askoy.client_id,
        RSAKey.generate_key(2048, parameters={"kid": askoy.key.kid}, private=True),
        askoy.token_url,
        askoy.issuer,
    )

    assert _refused(thief.grant(thief.assertion())) == "invalid_grant"


def test_an_assertion_for_another_audience_or_too_long_or_old_is_refused(askoy):
    other_audience = MunicipalSystem(askoy.client_id, askoy.key, askoy.token_url, "https://maskinporten.no/")
    now = int(time.time())
    too_long = jwt.encode(
        {"alg": "RS256", "kid": askoy.key.kid},
        {"iss": askoy.client_id, "aud": askoy.issuer, "iat": now, "exp": now + 600, "jti": "x1", "scope": READ},
        askoy.key,
    )

    assert _refused(other_audience.grant(other_audience.assertion())) == "invalid_grant"
    assert _refused(askoy.grant(too_long)) == "invalid_grant"
    assert _refused(askoy.grant(askoy.assertion(now=time.time() - 3600))) == "invalid_grant"


def test_a_scope_the_client_was_not_given_is_refused(askoy):
    assert _refused(askoy.grant(askoy.assertion(scope="krr:global/kontaktinformasjon.read"))) == "invalid_scope"


def test_only_the_jwt_bearer_grant_is_known(askoy):
    response = requests.post(askoy.token_url, data={"grant_type": "client_credentials"}, timeout=10)

    assert _refused(response) == "unsupported_grant_type"


def test_it_publishes_its_metadata_and_keys(maskinporten):
    metadata = requests.get(maskinporten.issuer + ".well-known/oauth-authorization-server", timeout=10).json()
    keys = requests.get(metadata["jwks_uri"], timeout=10).json()["keys"]

    assert metadata["issuer"] == maskinporten.issuer
    assert metadata["token_endpoint"] == maskinporten.issuer + "token"
    assert [key["kid"] for key in keys] == [maskinporten.signing_key.kid]
    assert "d" not in keys[0]  # the public half only


def test_it_refuses_to_run_in_production(tmp_path, capsys):
    with pytest.raises(StandInRefused):
        create_app("http://127.0.0.1:5405/", [], environment="production")
    assert main(["--host", "0.0.0.0", "--keys", str(tmp_path)]) == 2
    assert "loopback" in capsys.readouterr().err


def test_the_demo_systems_keep_their_keys_across_starts(tmp_path):
    first = {client.client_id: client.public_keys for client in demo_clients(tmp_path)}
    again = {client.client_id: client.public_keys for client in demo_clients(tmp_path)}

    assert first == again
    assert "askoy-fagsystem" in first and "annen-virksomhet" in first
