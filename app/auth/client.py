"""The ID-porten relying party, built on authlib's Flask client.

Configured by the discovery document alone. Two things authlib leaves to us: it keeps metadata
and keys for the life of the process, where ID-porten wants them refreshed at least daily, and
given `claims_options` it checks only what they name (its default is the issuer alone; `aud` is
never checked by default), so every claim that matters is listed here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Flask, current_app
from joserfc.jwk import RSAKey

from app import assurance_levels

METADATA_MAX_AGE_SECONDS = 24 * 3600
LEEWAY_SECONDS = 30  # clock skew allowed on exp/iat/auth_time: small, as OIDC Core 3.1.3.7 asks
HTTP_TIMEOUT_SECONDS = 10
SCOPE = "openid profile"
NAME = "idporten"


class IdPortenPrivateKeyJWT(PrivateKeyJWT):
    """private_key_jwt whose audience is ID-porten's issuer, as Digdir asks, with our key id."""

    def __init__(self, key_id: str):
        super().__init__(headers={"kid": key_id})

    def sign(self, auth, token_endpoint):
        return super().sign(auth, issuer())


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


def init_app(app: Flask) -> None:
    oauth = OAuth(app)  # one registry per app: tests run several apps side by side
    method = app.config["IDPORTEN_CLIENT_AUTH_METHOD"]
    secret: object = app.config["IDPORTEN_CLIENT_SECRET"]
    auth_methods = []
    if method == "private_key_jwt":
        secret = RSAKey.import_key(Path(app.config["IDPORTEN_CLIENT_KEY_FILE"]).read_bytes())
        auth_methods = [IdPortenPrivateKeyJWT(app.config["IDPORTEN_CLIENT_KEY_ID"])]
    oauth.register(
        NAME,
        server_metadata_url=app.config["IDPORTEN_DISCOVERY_URL"],
        client_id=app.config["IDPORTEN_CLIENT_ID"],
        client_secret=secret,
        client_auth_methods=auth_methods,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": method,
            "default_timeout": HTTP_TIMEOUT_SECONDS,
        },
    )


def _client():
    return current_app.extensions["authlib.integrations.flask_client"].create_client(NAME)


def metadata() -> dict:
    client = _client()
    loaded_at = client.server_metadata.get("_loaded_at")
    if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
        client.server_metadata.clear()  # forgets the keys too; both are fetched again
    return client.load_server_metadata()


def issuer() -> str:
    return metadata()["issuer"]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def login_origin() -> str:
    """Where the person meets ID-porten: the origin our forms redirect to and that frames us."""
    meta = metadata()
    return origin(meta.get("end_session_endpoint") or meta["authorization_endpoint"])


def sends_iss_parameter() -> bool:
    return bool(metadata().get("authorization_response_iss_parameter_supported"))


def authorization(
    redirect_uri: str, acr: str, locale: str, prompt: str | None = None, max_age: int | None = None
) -> Authorization:
    metadata()
    extra = {"acr_values": acr, "ui_locales": locale}
    if prompt:
        extra["prompt"] = prompt
    if max_age is not None:
        extra["max_age"] = str(max_age)
    result = _client().create_authorization_url(redirect_uri, **extra)
    return Authorization(
        url=result["url"], state=result["state"], nonce=result["nonce"], code_verifier=result["code_verifier"]
    )


def redeem_code(code: str, code_verifier: str, redirect_uri: str) -> dict:
    metadata()
    return _client().fetch_access_token(redirect_uri=redirect_uri, code=code, code_verifier=code_verifier)


def validate_id_token(token: dict, nonce: str, required_acr: str, max_age: int | None = None) -> dict:
    """The id_token's claims, checked per OIDC Core 3.1.3.7; raises joserfc's JoseError if not."""
    client = _client()
    options = {
        "iss": {"essential": True, "value": issuer()},
        "aud": {"essential": True, "value": client.client_id},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
        "acr": {"essential": True, "validate": lambda _claims, acr: assurance_levels.satisfies(acr, required_acr)},
    }
    if max_age is not None:
        oldest = time.time() - max_age - LEEWAY_SECONDS
        options["auth_time"] = {
            "essential": True,
            "validate": lambda _claims, at: isinstance(at, (int, float)) and at >= oldest,
        }
    return dict(client.parse_id_token(token, nonce=nonce, claims_options=options, leeway=LEEWAY_SECONDS))


def logout_url(post_logout_redirect_uri: str, state: str, locale: str) -> str:
    """ID-porten's end-session endpoint with the RP-initiated logout request, for a GET redirect.

    GET is what every conforming provider accepts (POST is optional in RP-Initiated Logout, and
    some certified providers refuse it by default). The client names itself with `client_id`,
    never with `id_token_hint`: the id_token carries the national identity number and must not
    end up in a URL, a log line or the browser's history."""
    endpoint = metadata().get("end_session_endpoint")
    if not endpoint:
        raise KeyError("end_session_endpoint")
    return add_params_to_uri(
        endpoint,
        {
            "client_id": _client().client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "state": state,
            "ui_locales": locale,
        },
    )
