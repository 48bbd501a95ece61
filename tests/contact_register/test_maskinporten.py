"""The JWT-bearer grant against a tiny token endpoint, and the token on its way to the register."""

from __future__ import annotations

import time

import pytest
from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.jwk import RSAKey

from app.contact_register import ContactRegister, MaskinportenToken, RegisterUnavailable, settings
from devstandins.krr import create_app as create_stand_in
from tests.conftest import serve_in_thread
from tests.contact_register.conftest import KARI, PER

CLIENT_ID = "minplan-maskinporten-test"
KEY_ID = "minplan-key-1"
SCOPE = "krr:global/kontaktinformasjon.read"


class TokenEndpoint:
    """Maskinporten's /token as far as the grant goes: it checks the assertion as Maskinporten does."""

    def __init__(self, public_key: RSAKey):
        self.public_key = public_key
        self.grants: list = []
        self.refuse = False
        self.issued = 0
        self.app = Flask(__name__)
        self.app.post("/token")(self.token)

    def token(self):
        assert request.form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        grant = jwt.decode(request.form["assertion"], self.public_key, algorithms=["RS256"])  # checks the signature
        self.grants.append(grant)
        if self.refuse:
            return jsonify(error="invalid_grant"), 400
        self.issued += 1
        return jsonify(access_token=f"mp-token-{self.issued}", token_type="Bearer", expires_in=120)


@pytest.fixture
def key():
    return RSAKey.generate_key(2048)


@pytest.fixture
def maskinporten(key):
    endpoint = TokenEndpoint(RSAKey.import_key(key.as_dict(private=False)))
    server = serve_in_thread(endpoint.app)
    endpoint.issuer = f"http://127.0.0.1:{server.server_port}/"
    yield endpoint
    server.shutdown()


def token_source(maskinporten, key, clock=time.time) -> MaskinportenToken:
    return MaskinportenToken(
        issuer=maskinporten.issuer,
        token_url=maskinporten.issuer + "token",
        client_id=CLIENT_ID,
        key=key,
        key_id=KEY_ID,
        scope=SCOPE,
        clock=clock,
    )


def test_the_grant_is_signed_by_the_client_for_maskinporten(maskinporten, key):
    assert token_source(maskinporten, key).get() == "mp-token-1"
    [grant] = maskinporten.grants
    assert (grant.header["alg"], grant.header["kid"]) == ("RS256", KEY_ID)
    claims = grant.claims
    assert claims["iss"] == CLIENT_ID
    assert claims["aud"] == maskinporten.issuer
    assert claims["scope"] == SCOPE
    assert 0 < claims["exp"] - claims["iat"] <= 120
    assert abs(claims["iat"] - time.time()) < 10
    assert claims["jti"]


def test_a_grant_signed_by_another_key_is_refused_by_the_endpoint(maskinporten):
    with pytest.raises(RegisterUnavailable, match="500"):
        token_source(maskinporten, RSAKey.generate_key(2048)).get()
    assert maskinporten.grants == []


def test_the_token_is_kept_until_near_its_end(maskinporten, key):
    now = [time.time()]
    source = token_source(maskinporten, key, clock=lambda: now[0])
    assert source.get() == source.get() == "mp-token-1"
    now[0] += 70  # 120 s tokens are fetched again in their last minute
    assert source.get() == "mp-token-2"
    assert len({grant.claims["jti"] for grant in maskinporten.grants}) == 2


def test_a_refused_grant_makes_the_register_unavailable(maskinporten, key):
    maskinporten.refuse = True
    with pytest.raises(RegisterUnavailable, match="400"):
        token_source(maskinporten, key).get()


def test_the_register_is_asked_with_maskinportens_token(maskinporten, key, tmp_path):
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(key.as_pem(private=True))
    stand_in = serve_in_thread(create_stand_in(environment="test", token="mp-token-1"))
    try:
        config = settings(
            {
                "KRR_URL": f"http://127.0.0.1:{stand_in.server_port}",
                "MASKINPORTEN_ISSUER": maskinporten.issuer,
                "MASKINPORTEN_CLIENT_ID": CLIENT_ID,
                "MASKINPORTEN_KEY_ID": KEY_ID,
                "MASKINPORTEN_KEY_PATH": str(key_file),
            },
            production=False,
        )
        assert config["KRR_DEV_TOKEN"] == ""
        register = ContactRegister.from_config(config)
        assert register.lookup([KARI])[KARI].may_contact_digitally
        # The register refuses the next token: the client drops it and fetches another next time.
        stand_in.app = create_stand_in(environment="test", token="mp-token-2")
        register.clear_cache()
        with pytest.raises(RegisterUnavailable, match="401"):
            register.lookup([PER])
        assert register.lookup([PER])[PER].reserved
    finally:
        stand_in.shutdown()
    assert maskinporten.issued == 2
