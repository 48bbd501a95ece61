"""authlib's authorization server, set up the way ID-porten behaves.

Code flow only; PKCE with S256 is required (plain or none is refused); the authorization
response carries `iss` (RFC 9207); codes work once; id_tokens are RS256 with acr, amr and sid,
and what the realm says about the person (ID-porten: pid and locale; staff: name, email,
preferred_username); clients authenticate with a secret or with private_key_jwt.
"""

from __future__ import annotations

import secrets
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import OpenIDCode
from authlib.oidc.core.util import create_half_hash
from authlib.oidc.rpinitiated import EndSessionEndpoint
from joserfc import jwt
from joserfc.jwk import KeySet

from devidp.realms import Realm
from devidp.registry import Client
from devidp.store import AuthorizationCode, Store

ID_TOKEN_LIFETIME_SECONDS = 120  # ID-porten's id_tokens are short-lived too


class S256OnlyCodeChallenge(CodeChallenge):
    """PKCE is required, and only with S256: ID-porten refuses `plain` and requests without it."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge", redirect_uri=redirect_uri)
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is supported", redirect_uri=redirect_uri)
        super().validate_code_challenge(grant, redirect_uri)


def build_server(app, store: Store, clients: dict[str, Client], issuer: str, realm: Realm) -> AuthorizationServer:
    class CodeGrant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]

        def save_authorization_code(self, code, request):
            data = request.payload.data
            store.save_code(
                AuthorizationCode(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.scope,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    user=request.user,
                )
            )

        def query_authorization_code(self, code, client):
            return store.take_code(code, client.client_id)

        def delete_authorization_code(self, authorization_code):
            pass  # already gone: take_code removed it when it was looked up

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class StandInOpenIDCode(OpenIDCode):
        def exists_nonce(self, nonce, request):
            return store.nonce_was_used(request.payload.client_id, nonce)

        def encode_id_token(self, token, request):
            code, client = request.authorization_code, request.client
            now = int(time.time())
            claims = {
                "iss": issuer,
                "aud": client.client_id,
                "iat": now,
                "exp": now + ID_TOKEN_LIFETIME_SECONDS,
                "jti": secrets.token_urlsafe(16),
                **self.get_authorization_code_claims(code),
                **realm.person_claims_for(client.client_id, code.user),
                "sid": code.user.sid,
                "at_hash": create_half_hash(token["access_token"], "RS256").decode(),
            }
            tampering, key = store.take_id_token_tampering()
            claims.update(tampering)
            claims = {k: v for k, v in claims.items() if v is not None}
            key = key or store.signing_key
            return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    class PrivateKeyJWT(JWTBearerClientAssertion):
        CLIENT_AUTH_METHOD = "private_key_jwt"

        def get_audiences(self):
            return [issuer, issuer + "/token"]  # ID-porten asks for the issuer; the endpoint is allowed

        def validate_jti(self, claims, jti):
            return store.use_jti(claims["sub"], jti)

        def resolve_client_public_key(self, client):
            return KeySet.import_key_set(client.jwks or {"keys": []})

    class EndSession(EndSessionEndpoint):
        def get_server_jwks(self):
            return KeySet.import_key_set(store.jwks())

        def end_session(self, end_session_request):
            pass  # the view ends the login session: it also has to call the clients

        def is_post_logout_redirect_uri_legitimate(self, request, post_logout_redirect_uri, client, logout_hint):
            # ID-porten returns a client that names itself with client_id alone to a registered
            # post-logout URI (the URI has already matched one exactly), as RP-Initiated Logout allows.
            return True

    class IssuerInResponse(IssuerParameter):
        def get_issuer(self):
            return issuer

    server = AuthorizationServer(app, query_client=clients.get, save_token=lambda token, request: None)
    server.register_grant(CodeGrant, [S256OnlyCodeChallenge(required=True), StandInOpenIDCode(require_nonce=True)])
    server.register_client_auth_method("private_key_jwt", PrivateKeyJWT(leeway=30))
    server.register_endpoint(EndSession)
    server.register_extension(IssuerInResponse())
    return server
