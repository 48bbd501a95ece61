"""An OpenID Connect provider as Min plan's relying party sees it, built on authlib's Flask client:
ID-porten for citizens (app/auth/client.py), the municipality's own provider for staff
(app/staff/idp.py). Configured by discovery alone, under a prefix of config keys
(`<PREFIX>_DISCOVERY_URL`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_CLIENT_AUTH_METHOD`, `_CLIENT_KEY_FILE`,
`_CLIENT_KEY_ID`).

Two things authlib leaves to us: it keeps metadata and keys for the life of the process, where
providers want them refreshed at least daily, and given `claims_options` it checks only what they
name (its default is the issuer alone; `aud` is never checked by default), so every claim that
matters is listed here or by the caller.
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

METADATA_MAX_AGE_SECONDS = 24 * 3600
LEEWAY_SECONDS = 30  # clock skew allowed on exp/iat/auth_time: small, as OIDC Core 3.1.3.7 asks
HTTP_TIMEOUT_SECONDS = 10


class IssuerAudiencePrivateKeyJWT(PrivateKeyJWT):
    """private_key_jwt whose audience is the provider's issuer (as Digdir asks), with our key id."""

    def __init__(self, provider: Provider, key_id: str):
        super().__init__(headers={"kid": key_id})
        self.provider = provider

    def sign(self, auth, token_endpoint):
        return super().sign(auth, self.provider.issuer())


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Provider:
    name: str  # authlib's registry name
    config_prefix: str
    scope: str

    def register(self, app: Flask) -> None:
        oauth = app.extensions.get("authlib.integrations.flask_client") or OAuth(app)
        config = app.config
        method = config[f"{self.config_prefix}_CLIENT_AUTH_METHOD"]
        secret: object = config[f"{self.config_prefix}_CLIENT_SECRET"]
        auth_methods = []
        if method == "private_key_jwt":
            secret = RSAKey.import_key(Path(config[f"{self.config_prefix}_CLIENT_KEY_FILE"]).read_bytes())
            auth_methods = [IssuerAudiencePrivateKeyJWT(self, config[f"{self.config_prefix}_CLIENT_KEY_ID"])]
        oauth.register(
            self.name,
            server_metadata_url=config[f"{self.config_prefix}_DISCOVERY_URL"],
            client_id=config[f"{self.config_prefix}_CLIENT_ID"],
            client_secret=secret,
            client_auth_methods=auth_methods,
            client_kwargs={
                "scope": config.get(f"{self.config_prefix}_SCOPE") or self.scope,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": method,
                "default_timeout": HTTP_TIMEOUT_SECONDS,
            },
        )

    def client(self):
        return current_app.extensions["authlib.integrations.flask_client"].create_client(self.name)

    def metadata(self) -> dict:
        client = self.client()
        loaded_at = client.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
            client.server_metadata.clear()  # forgets the keys too; both are fetched again
        return client.load_server_metadata()

    def issuer(self) -> str:
        return self.metadata()["issuer"]

    def login_origin(self) -> str:
        """Where the user meets the provider: the origin our forms redirect to and that frames us."""
        meta = self.metadata()
        return origin(meta.get("end_session_endpoint") or meta["authorization_endpoint"])

    def sends_iss_parameter(self) -> bool:
        return bool(self.metadata().get("authorization_response_iss_parameter_supported"))

    def authorization(self, redirect_uri: str, **extra: str) -> Authorization:
        self.metadata()
        result = self.client().create_authorization_url(redirect_uri, **{k: v for k, v in extra.items() if v})
        return Authorization(
            url=result["url"], state=result["state"], nonce=result["nonce"], code_verifier=result["code_verifier"]
        )

    def redeem_code(self, code: str, code_verifier: str, redirect_uri: str) -> dict:
        self.metadata()
        return self.client().fetch_access_token(redirect_uri=redirect_uri, code=code, code_verifier=code_verifier)

    def validate_id_token(self, token: dict, nonce: str, options: dict, max_age: int | None = None) -> dict:
        """The id_token's claims, checked per OIDC Core 3.1.3.7 and `options` (the caller's own
        claims, e.g. acr or amr); raises joserfc's JoseError if not."""
        client = self.client()
        checks = {
            "iss": {"essential": True, "value": self.issuer()},
            "aud": {"essential": True, "value": client.client_id},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True, "value": nonce},
            **options,
        }
        if max_age is not None:
            oldest = time.time() - max_age - LEEWAY_SECONDS
            checks["auth_time"] = {
                "essential": True,
                "validate": lambda _claims, at: isinstance(at, (int, float)) and at >= oldest,
            }
        return dict(client.parse_id_token(token, nonce=nonce, claims_options=checks, leeway=LEEWAY_SECONDS))

    def logout_url(self, post_logout_redirect_uri: str, state: str, locale: str) -> str:
        """The end-session endpoint with the RP-initiated logout request, for a GET redirect.

        GET is what every conforming provider accepts (POST is optional in RP-Initiated Logout, and
        some certified providers refuse it by default). The client names itself with `client_id`,
        never with `id_token_hint`: an id_token carries who the person is and must not end up in a
        URL, a log line or the browser's history."""
        endpoint = self.metadata().get("end_session_endpoint")
        if not endpoint:
            raise KeyError("end_session_endpoint")
        return add_params_to_uri(
            endpoint,
            {
                "client_id": self.client().client_id,
                "post_logout_redirect_uri": post_logout_redirect_uri,
                "state": state,
                "ui_locales": locale,
            },
        )
