"""The ID-porten stand-in: it behaves like ID-porten where that matters, and only runs locally."""

from __future__ import annotations

import base64
import hashlib
import secrets
import subprocess
import sys

import pytest
import requests

from devidp import create_app
from devidp.guards import StandInRefused
from tests.auth.visitor import KARI, Visitor, query
from tests.conftest import TEST_CLIENT_BASE, TEST_CLIENT_ID, TEST_CLIENT_SECRET

CALLBACK = TEST_CLIENT_BASE + "/logg-inn/callback"


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _authorize_params(**changes) -> dict:
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": TEST_CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid profile",
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
        "acr_values": "idporten-loa-high",
        "ui_locales": "nb",
    }
    params.update(changes)
    params["_verifier"] = verifier
    return params


def _code(idp, **changes) -> tuple[str, str]:
    """A code for Kari, and the verifier that goes with it."""
    params = _authorize_params(**changes)
    verifier = params.pop("_verifier")
    stand_in = Visitor("http://localhost", idp.issuer)
    page = stand_in.get(idp.issuer + "/authorize", params=params)
    response = stand_in.choose(page, person=KARI)
    return query(response.headers["Location"])["code"], verifier


def _token(idp, code: str, verifier: str, secret: str = TEST_CLIENT_SECRET) -> requests.Response:
    return requests.post(
        idp.issuer + "/token",
        auth=(TEST_CLIENT_ID, secret),
        timeout=5,
        data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier, "redirect_uri": CALLBACK},
    )


@pytest.mark.parametrize("environment", ["production", "staging", "", None])
def test_it_refuses_to_run_outside_development_and_test(environment, monkeypatch):
    if environment is None:
        monkeypatch.setenv("MINPLAN_ENV", "production")
    with pytest.raises(StandInRefused):
        create_app("http://127.0.0.1:5001", [], environment=environment)


@pytest.mark.parametrize("issuer", ["http://0.0.0.0:5001", "http://192.168.1.10:5001", "http://example.org"])
def test_it_refuses_to_listen_anywhere_but_loopback(issuer):
    with pytest.raises(StandInRefused):
        create_app(issuer, [], environment="development")


def test_the_command_line_refuses_production():
    result = subprocess.run(
        [sys.executable, "-m", "devidp", "--port", "0"],
        capture_output=True,
        text=True,
        env={"MINPLAN_ENV": "production", "PATH": ""},
        timeout=30,
        cwd=str(_root()),
    )
    assert result.returncode == 2 and "development or test" in result.stderr


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def test_discovery_says_what_id_porten_says(idp):
    metadata = requests.get(idp.issuer + "/.well-known/openid-configuration", timeout=5).json()
    assert metadata["issuer"] == idp.issuer
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert metadata["frontchannel_logout_supported"] is True
    assert "private_key_jwt" in metadata["token_endpoint_auth_methods_supported"]
    keys = requests.get(metadata["jwks_uri"], timeout=5).json()["keys"]
    assert keys and all("d" not in key for key in keys), "never publish the private key"


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": None}, "invalid_request"),
        ({"nonce": None}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_bad_authorization_requests_go_back_with_an_error_and_the_issuer(idp, changes, error):
    params = {k: v for k, v in _authorize_params(**changes).items() if v is not None and k != "_verifier"}
    response = requests.get(idp.issuer + "/authorize", params=params, allow_redirects=False, timeout=5)
    assert response.status_code == 302
    answer = query(response.headers["Location"])
    assert answer["error"] == error and answer["iss"] == idp.issuer and answer["state"] == params["state"]


def test_an_unregistered_redirect_uri_gets_a_page_not_a_redirect(idp):
    params = {k: v for k, v in _authorize_params(redirect_uri="https://evil.example/cb").items() if k != "_verifier"}
    response = requests.get(idp.issuer + "/authorize", params=params, allow_redirects=False, timeout=5)
    assert response.status_code == 400 and "Location" not in response.headers


def test_a_code_works_once(idp):
    code, verifier = _code(idp)
    first = _token(idp, code, verifier)
    assert first.status_code == 200 and first.json()["id_token"].count(".") == 2
    assert _token(idp, code, verifier).json()["error"] == "invalid_grant"


def test_a_code_needs_the_right_verifier_and_then_is_gone(idp):
    code, verifier = _code(idp)
    assert _token(idp, code, secrets.token_urlsafe(48)).json()["error"] == "invalid_grant"
    assert _token(idp, code, verifier).json()["error"] == "invalid_grant"


def test_the_token_endpoint_needs_the_client_secret(idp):
    code, verifier = _code(idp)
    assert _token(idp, code, verifier, secret="wrong").json()["error"] == "invalid_client"


def test_the_id_token_carries_what_id_porten_puts_in_it(idp):
    from joserfc import jwt
    from joserfc.jwk import KeySet

    code, verifier = _code(idp, ui_locales="nn")
    id_token = _token(idp, code, verifier).json()["id_token"]
    keys = KeySet.import_key_set(requests.get(idp.issuer + "/jwks.json", timeout=5).json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    claims = token.claims
    assert token.header["alg"] == "RS256" and token.header["kid"]
    assert claims["pid"] == KARI and claims["acr"] == "idporten-loa-high" and claims["amr"] == ["TestID"]
    assert claims["locale"] == "nn" and claims["sid"] and claims["auth_time"] and claims["nonce"]
    assert claims["aud"] == TEST_CLIENT_ID and claims["iss"] == idp.issuer and claims["sub"] != KARI


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "må være 11 siffer"),
        ("1234", "må være 11 siffer"),
        ("12838502511", "ikke gyldig"),
        ("abcdefghijk", "må være 11 siffer"),
        ("01013890036", "bare imot syntetiske"),  # valid, not synthetic: born 2038, so nobody's number
    ],
)
def test_a_malformed_number_on_the_login_page_is_refused_clearly(idp, typed, message):
    params = {k: v for k, v in _authorize_params().items() if k != "_verifier"}
    stand_in = Visitor("http://localhost", idp.issuer)
    page = stand_in.get(idp.issuer + "/authorize", params=params)
    response = stand_in.choose(page, pid=typed)
    assert response.status_code == 422
    assert message in response.text and "Det er et problem" in response.text
    assert f'value="{typed}"' in response.text  # what was typed is kept


def test_a_typed_synthetic_number_logs_in(idp):
    params = {k: v for k, v in _authorize_params().items() if k != "_verifier"}
    stand_in = Visitor("http://localhost", idp.issuer)
    page = stand_in.get(idp.issuer + "/authorize", params=params)
    response = stand_in.choose(page, pid="128385 02510")
    assert response.status_code == 302 and "code=" in response.headers["Location"]


def test_the_login_page_offers_only_levels_at_least_the_one_asked_for(idp):
    stand_in = Visitor("http://localhost", idp.issuer)
    for asked, offered in (("idporten-loa-substantial", 2), ("idporten-loa-high", 0)):
        params = {k: v for k, v in _authorize_params(acr_values=asked).items() if k != "_verifier"}
        page = stand_in.get(idp.issuer + "/authorize", params=params)
        assert page.text.count('type="radio" name="acr"') == offered
        assert "Fødselsnummer" in page.text and 'name="pid"' in page.text and "Kari Nordmann" in page.text
