"""The stand-in's two realms: ID-porten for the people a plan is about, and the municipality's
own login for its staff (Entra ID or another OIDC provider; here a generic one).

A realm decides where a client's callbacks live, what discovery says, which SSO cookie the
browser keeps and what an id_token says about the person. The protocol (code flow with PKCE
S256, nonce, `iss` in the response, RS256, RP-initiated and front-channel logout) is shared.
"""

from __future__ import annotations

import hashlib
from base64 import urlsafe_b64encode
from dataclasses import dataclass

from app import assurance_levels
from app.demo.staff import demo_subject

# The staff realm's acr values. Entra ID says "mfa" in amr but has no standard acr, so the
# stand-in names the two levels itself: Min plan asks for (and checks) the MFA one.
STAFF_ACR_MFA = "urn:minplan:staff:mfa"
STAFF_ACR_PASSWORD = "urn:minplan:staff:pwd"
STAFF_ACR_LEVELS = (STAFF_ACR_PASSWORD, STAFF_ACR_MFA)  # weakest first
STAFF_AMR = {STAFF_ACR_MFA: ["pwd", "mfa"], STAFF_ACR_PASSWORD: ["pwd"]}

PROTOCOL_CLAIMS = ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "at_hash", "jti"]


@dataclass(frozen=True)
class Realm:
    name: str
    display_name: str  # what the stand-in's pages call themselves
    sentence_name: str  # the same, inside a sentence
    paths_prefix: str  # before the client's /logg-inn/callback, /logg-ut/ferdig, /logg-ut/frontkanal
    scopes: tuple[str, ...]
    sso_cookie: str  # cookies are shared by every port on a host, so each realm has its own
    acr_levels: tuple[str, ...]  # weakest first
    default_acr: str
    subject_type: str
    person_claims: tuple[str, ...]

    def required_acr(self, acr_values: str | None) -> str:
        """The strongest known level the client asked for, or the realm's default."""
        asked = [level for level in (acr_values or "").split() if level in self.acr_levels]
        return max(asked, key=self.acr_levels.index) if asked else self.default_acr

    def satisfies(self, have: str, required: str) -> bool:
        if have not in self.acr_levels or required not in self.acr_levels:
            return False
        return self.acr_levels.index(have) >= self.acr_levels.index(required)

    def discovery(self, issuer: str) -> dict:
        metadata = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "end_session_endpoint": f"{issuer}/logout",
            "jwks_uri": f"{issuer}/jwks.json",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "scopes_supported": list(self.scopes),
            "subject_types_supported": [self.subject_type],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(self.acr_levels),
            "claims_supported": PROTOCOL_CLAIMS + list(self.person_claims),
            "authorization_response_iss_parameter_supported": True,
            "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True,
        }
        if self.name == IDPORTEN.name:
            metadata["ui_locales_supported"] = ["nb", "nn", "en", "se"]
        return metadata

    def person_claims_for(self, client_id: str, user) -> dict:
        """`sub` and what the id_token says about who logged in."""
        if self.name == IDPORTEN.name:
            return {"sub": _pairwise_sub(client_id, user.pid), "pid": user.pid, "locale": user.locale}
        staff = staff_member(user.username)
        return {
            "sub": staff_sub(staff.username),
            "name": staff.name,
            "email": staff.email,
            "preferred_username": staff.username,
        }


def _pairwise_sub(client_id: str, pid: str) -> str:
    """ID-porten's `sub` differs per client, so clients must not identify people by it."""
    return _opaque(f"{client_id}:{pid}")


def staff_sub(username: str) -> str:
    """Stable for a staff member across clients (a public subject, as Entra's `oid`), yet opaque."""
    return demo_subject(username)


def _opaque(value: str) -> str:
    return urlsafe_b64encode(hashlib.sha256(value.encode()).digest()).decode().rstrip("=")


def staff_member(username: str | None):
    from app.demo.staff import STAFF

    return next((s for s in STAFF if s.username == username), None)


IDPORTEN = Realm(
    name="idporten",
    display_name="ID-porten",
    sentence_name="ID-porten",
    paths_prefix="",
    scopes=("openid", "profile"),
    sso_cookie="devidp_sso",
    acr_levels=assurance_levels.LEVELS,
    default_acr=assurance_levels.SUBSTANTIAL,
    subject_type="pairwise",
    person_claims=("pid", "locale"),
)
STAFF = Realm(
    name="staff",
    display_name="Kommunens innlogging for ansatte",
    sentence_name="kommunens innlogging for ansatte",
    paths_prefix="/ansatt",
    scopes=("openid", "profile", "email"),
    sso_cookie="devidp_staff_sso",
    acr_levels=STAFF_ACR_LEVELS,
    default_acr=STAFF_ACR_PASSWORD,
    subject_type="public",
    person_claims=("name", "email", "preferred_username"),
)
REALMS = {realm.name: realm for realm in (IDPORTEN, STAFF)}
