"""The stand-in's staff realm: the municipality's own OIDC provider (as Entra ID would be) for
the synthetic staff, tested directly with Flask's test client and tokens checked with joserfc."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from html import unescape
from urllib.parse import urlencode

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from app.demo.staff import STAFF
from devidp import create_app
from devidp.realms import STAFF_ACR_MFA, STAFF_ACR_PASSWORD
from devidp.registry import DEV_STAFF_CLIENT_ID, DEV_STAFF_CLIENT_SECRET, Client
from tests.auth.visitor import query
from tests.page_checks import check_labels, parse_strict

ISSUER = "http://127.0.0.1:5002"
BASE = "http://localhost:5000"
CALLBACK = BASE + "/ansatt/logg-inn/callback"
HILDE = STAFF[0]


def _client(**changes) -> Client:
    fields = {
        "client_id": DEV_STAFF_CLIENT_ID,
        "name": "Min plan for kommunens ansatte",
        "auth_method": "client_secret_basic",
        "base_urls": [BASE],
        "client_secret": DEV_STAFF_CLIENT_SECRET,
        "realm": "staff",
    }
    return Client(**{**fields, **changes})


@pytest.fixture
def stand_in():
    return create_app(ISSUER, [_client()], environment="test", realm="staff")


@pytest.fixture
def browser(stand_in):
    return stand_in.test_client()


def _params(**changes) -> tuple[dict, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    params = {
        "response_type": "code",
        "client_id": DEV_STAFF_CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid profile email",
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}, verifier


def _submit(browser, page, **form):
    html = page.get_data(as_text=True)
    action = unescape(re.search(r'<form class="idp-form" method="post" action="([^"]+)"', html).group(1))
    return browser.post(action, data=form)


def _log_in(browser, params: dict, **form):
    page = browser.get("/authorize?" + urlencode(params))
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    return _submit(browser, page, **form)


def _id_token(browser, **form) -> dict:
    params, verifier = _params()
    redirect = _log_in(browser, params, **{"staff": HILDE.username, **form})
    answer = query(redirect.headers["Location"])
    assert answer["iss"] == ISSUER and answer["state"] == params["state"]
    basic = base64.b64encode(f"{DEV_STAFF_CLIENT_ID}:{DEV_STAFF_CLIENT_SECRET}".encode()).decode()
    token = browser.post(
        "/token",
        headers={"Authorization": f"Basic {basic}"},
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "code_verifier": verifier,
            "redirect_uri": CALLBACK,
        },
    )
    assert token.status_code == 200, token.get_json()
    keys = KeySet.import_key_set(browser.get("/jwks.json").get_json())
    decoded = jwt.decode(token.get_json()["id_token"], keys, algorithms=["RS256"])
    assert decoded.header["alg"] == "RS256" and decoded.claims["nonce"] == params["nonce"]
    return {**decoded.claims, "_raw": token.get_json()["id_token"]}


def test_discovery_says_what_a_staff_provider_says(browser):
    metadata = browser.get("/.well-known/openid-configuration").get_json()
    assert metadata["issuer"] == ISSUER and metadata["end_session_endpoint"] == ISSUER + "/logout"
    assert metadata["acr_values_supported"] == [STAFF_ACR_PASSWORD, STAFF_ACR_MFA]
    assert {"name", "email", "preferred_username", "amr", "acr", "sid"} <= set(metadata["claims_supported"])
    assert "pid" not in metadata["claims_supported"] and "email" in metadata["scopes_supported"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert metadata["frontchannel_logout_supported"] and metadata["frontchannel_logout_session_supported"]
    assert metadata["subject_types_supported"] == ["public"]


def test_the_login_page_lists_the_staff_and_is_labelled(browser):
    params, _ = _params()
    page = browser.get("/authorize?" + urlencode(params))
    html = page.get_data(as_text=True)
    check_labels(parse_strict(html, "staff login"), "staff login")
    assert "<legend>Velg en ansatt</legend>" in html and "<legend>Slik logger du inn</legend>" in html
    assert all(member.name in html and member.title in html for member in STAFF)
    assert 'id="method-mfa" value="mfa" checked' in html and "Bare passord" in html
    assert "ID-porten" not in html and "Kommunens innlogging for ansatte" in html


def test_a_login_with_mfa_says_so_and_says_who(browser):
    claims = _id_token(browser, method="mfa")
    assert claims["amr"] == ["pwd", "mfa"] and claims["acr"] == STAFF_ACR_MFA
    assert claims["name"] == HILDE.name and claims["email"] == HILDE.email
    assert claims["preferred_username"] == HILDE.username
    assert "pid" not in claims and "locale" not in claims
    assert claims["iss"] == ISSUER and claims["aud"] == DEV_STAFF_CLIENT_ID
    assert claims["auth_time"] and claims["sid"] and claims["exp"] > claims["iat"]
    assert HILDE.username not in claims["sub"] and len(claims["sub"]) == 43  # opaque: sha256, base64url


def test_sub_is_stable_for_a_user_and_differs_between_users(stand_in):
    first, again = _id_token(stand_in.test_client()), _id_token(stand_in.test_client())
    other = _id_token(stand_in.test_client(), staff=STAFF[1].username)
    assert first["sub"] == again["sub"] != other["sub"]


def test_a_password_only_login_has_no_mfa(browser):
    claims = _id_token(browser, method="pwd")
    assert claims["amr"] == ["pwd"] and claims["acr"] == STAFF_ACR_PASSWORD


def test_a_typed_username_goes_before_the_picked_one(browser):
    claims = _id_token(browser, staff=HILDE.username, username="  Eirik.Dahl ")
    assert claims["preferred_username"] == "eirik.dahl" and claims["name"] == "Eirik Dahl"


@pytest.mark.parametrize(
    "form, message",
    [
        ({"username": "ola.nobody"}, "Fant ingen ansatt med brukernavnet «ola.nobody»"),
        ({}, "Velg en ansatt, eller skriv et brukernavn."),
        ({"staff": HILDE.username, "method": "sms"}, "Velg hvordan du vil logge inn."),
    ],
)
def test_bad_input_is_refused_clearly(browser, form, message):
    params, _ = _params()
    response = _log_in(browser, params, **form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Det er et problem" in html and message in html
    check_labels(parse_strict(html, "staff login"), "staff login")
    if "username" in form:
        assert f'value="{form["username"]}"' in html and 'aria-invalid="true"' in html


def test_cancel_goes_back_with_access_denied(browser):
    params, _ = _params()
    answer = query(_log_in(browser, params, action="cancel").headers["Location"])
    assert answer["error"] == "access_denied" and answer["iss"] == ISSUER and answer["state"] == params["state"]


def test_single_sign_on_has_its_own_cookie_and_honours_prompt_and_acr(browser):
    _log_in(browser, _params()[0], staff=HILDE.username, method="pwd")
    assert browser.get_cookie("devidp_staff_sso") is not None and browser.get_cookie("devidp_sso") is None
    reused = browser.get("/authorize?" + urlencode(_params()[0]))
    assert reused.status_code == 302 and "code=" in reused.headers["Location"]
    assert browser.get("/authorize?" + urlencode(_params(prompt="login")[0])).status_code == 200
    assert browser.get("/authorize?" + urlencode(_params(acr_values=STAFF_ACR_MFA)[0])).status_code == 200


def test_single_sign_on_honours_max_age(stand_in, browser):
    _log_in(browser, _params()[0], staff=HILDE.username)
    session = stand_in.extensions["devidp"].store.sso_session(browser.get_cookie("devidp_staff_sso").value)
    session.user.auth_time -= 120
    assert browser.get("/authorize?" + urlencode(_params(max_age="600")[0])).status_code == 302
    assert browser.get("/authorize?" + urlencode(_params(max_age="60")[0])).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"code_challenge": None, "code_challenge_method": None},
        {"code_challenge_method": "plain"},
        {"nonce": None},
    ],
)
def test_pkce_with_s256_and_a_nonce_are_required(browser, changes):
    params, _ = _params(**changes)
    response = browser.get("/authorize?" + urlencode(params))
    answer = query(response.headers["Location"])
    assert response.status_code == 302 and answer["error"] == "invalid_request" and answer["iss"] == ISSUER


def test_only_the_staff_paths_are_registered(browser):
    params, _ = _params(redirect_uri=BASE + "/logg-inn/callback")
    response = browser.get("/authorize?" + urlencode(params))
    assert response.status_code == 400 and "Location" not in response.headers
    client = _client()
    assert client.redirect_uris == [CALLBACK]
    assert client.client_metadata["post_logout_redirect_uris"] == [BASE + "/ansatt/logg-ut/ferdig"]
    assert client.frontchannel_logout_uri(CALLBACK) == BASE + "/ansatt/logg-ut/frontkanal"
    assert _client(realm="idporten").redirect_uris == [BASE + "/logg-inn/callback"]


def test_a_client_of_another_realm_is_refused():
    with pytest.raises(ValueError):
        create_app(ISSUER, [_client(realm="idporten")], environment="test", realm="staff")
    with pytest.raises(ValueError):
        create_app(ISSUER, [], environment="test", realm="entra")


def test_end_session_logs_out_and_calls_the_front_channel(browser):
    claims = _id_token(browser)
    done = BASE + "/ansatt/logg-ut/ferdig"
    page = browser.get("/logout?" + urlencode({"id_token_hint": claims["_raw"], "post_logout_redirect_uri": done}))
    html = unescape(page.get_data(as_text=True))
    frontchannel = f"{BASE}/ansatt/logg-ut/frontkanal?{urlencode({'iss': ISSUER, 'sid': claims['sid']})}"
    assert page.status_code == 200 and frontchannel in html and f'href="{done}"' in html
    assert "logget ut av kommunens innlogging for ansatte" in html
    assert browser.get_cookie("devidp_staff_sso") is None
    assert browser.get("/authorize?" + urlencode(_params()[0])).status_code == 200  # no SSO left


def test_the_command_line_starts_the_staff_realm_with_its_dev_client(monkeypatch):
    import devidp.__main__ as command

    started = {}
    monkeypatch.setenv("MINPLAN_ENV", "development")
    monkeypatch.delenv("STAFF_IDP_PORT", raising=False)
    monkeypatch.setattr(command, "run_simple", lambda host, port, app, **_: started.update(port=port, app=app))
    assert command.main(["--realm", "staff", "--client-url", "http://127.0.0.1:5000"]) == 0
    stand_in = started["app"].extensions["devidp"]
    assert started["port"] == 5002 and stand_in.realm.name == "staff" and stand_in.issuer.endswith(":5002")
    client = stand_in.clients[DEV_STAFF_CLIENT_ID]
    assert client.check_client_secret(DEV_STAFF_CLIENT_SECRET)
    assert client.redirect_uris == ["http://127.0.0.1:5000/ansatt/logg-inn/callback"]
