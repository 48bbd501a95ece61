"""Clients registered with the stand-in, as Digdir's self-service would register them."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from authlib.oauth2.rfc6749 import ClientMixin

from devidp.realms import REALMS

# Where Min plan receives ID-porten's redirects and calls (app/auth/views.py); a staff client
# has the same paths under the staff realm's prefix (/ansatt/logg-inn/callback and so on).
CALLBACK_PATH = "/logg-inn/callback"
POST_LOGOUT_PATH = "/logg-ut/ferdig"
FRONTCHANNEL_LOGOUT_PATH = "/logg-ut/frontkanal"

# The client `make run` registers with the staff realm; dev only, never a production secret.
DEV_STAFF_CLIENT_ID = "minplan-staff-dev"
DEV_STAFF_CLIENT_SECRET = "dev-staff-secret-not-for-production"


@dataclass
class Client(ClientMixin):
    """A relying party. It may run at several base URLs (tests: the test client and a live server)."""

    client_id: str
    name: str
    auth_method: str  # client_secret_basic, client_secret_post or private_key_jwt
    base_urls: list[str]
    client_secret: str | None = None
    jwks: dict | None = None  # public keys, for private_key_jwt
    extra: dict = field(default_factory=dict)
    realm: str = "idporten"  # which realm it is registered with: decides its paths and scopes

    @property
    def paths_prefix(self) -> str:
        return REALMS[self.realm].paths_prefix

    def add_base_url(self, base_url: str) -> None:
        if base_url not in self.base_urls:
            self.base_urls.append(base_url.rstrip("/"))

    @property
    def redirect_uris(self) -> list[str]:
        return [base + self.paths_prefix + CALLBACK_PATH for base in self.base_urls]

    @property
    def client_metadata(self) -> dict:
        return {"post_logout_redirect_uris": [base + self.paths_prefix + POST_LOGOUT_PATH for base in self.base_urls]}

    def frontchannel_logout_uri(self, redirect_uri: str) -> str:
        """The front-channel logout URI at the base URL the client logged in through."""
        parts = urlsplit(redirect_uri)
        return f"{parts.scheme}://{parts.netloc}{self.paths_prefix}{FRONTCHANNEL_LOGOUT_PATH}"

    def origins(self) -> list[str]:
        return sorted({f"{urlsplit(b).scheme}://{urlsplit(b).netloc}" for b in self.base_urls})

    # authlib's ClientMixin --------------------------------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in REALMS[self.realm].scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, as ID-porten requires

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.client_secret) and hmac.compare_digest(self.client_secret, client_secret or "")

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"
