"""Who is calling the FHIR API: a Maskinporten access token, checked as Maskinporten's guide says.

Only a bearer JWT is accepted: its RS256 signature against Maskinporten's JWKS (cached, fetched
again once when a token names a key not in it: Maskinporten rotates keys), then `iss` exactly,
`aud` the API's own resource (a token for another API is refused even from the same issuer),
`exp`/`iat`, the scope the route needs, and the consumer organisation (`0192:<orgno>`), which must
be one this Min plan serves: its number decides whose people the system may touch.

A refusal is answered 401 (the token is no good) or 403 (good, but not for this) with
`WWW-Authenticate` (RFC 6750) and an OperationOutcome; the log says only the organisation number,
when the token named one, and why.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from dataclasses import dataclass

import requests
from flask import current_app, g, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from app.api import throttle
from app.api.configuration import valid_orgno
from app.api.outcome import outcome_response
from app.domain.api_consumer import MunicipalSystem
from app.domain.capabilities import Capability

log = logging.getLogger("minplan.api.auth")

LEEWAY_SECONDS = 10
REALM = "Min plan FHIR"


class Refused(Exception):
    def __init__(self, status: int, error: str | None, reason: str, orgno: str | None = None):
        super().__init__(reason)
        self.status, self.error, self.reason, self.orgno = status, error, reason, orgno


class JwksUnavailable(Exception):
    pass


@dataclass
class _Keys:
    keys: KeySet | None = None
    fetched_at: float = 0.0


class JwksCache:
    """Maskinporten's signing keys, kept for FHIR_JWKS_CACHE_SECONDS, shared by the app's threads."""

    def __init__(self, url: str, max_age: float, refetch_after: float, session: requests.Session | None = None):
        # However many unknown key ids tokens name, the keys are fetched again at most every `refetch_after` seconds.
        self.url, self.max_age, self.refetch_after = url, max_age, refetch_after
        self.session = session or requests.Session()
        self._held = _Keys()
        self._lock = threading.Lock()

    def key_set(self, kid: str | None) -> KeySet:
        with self._lock:
            now = time.monotonic()
            held = self._held
            stale = held.keys is None or now - held.fetched_at > self.max_age
            unknown = held.keys is not None and not _has_kid(held.keys, kid)
            if stale or (unknown and now - held.fetched_at >= self.refetch_after):
                try:
                    self._held = _Keys(self._fetch(), now)
                except JwksUnavailable:
                    if held.keys is None:
                        raise
                    # Maskinporten's keys change seldom: the ones held serve while it cannot be
                    # reached, and it is asked again after the shortest pause, not on every call.
                    self._held = _Keys(held.keys, now - self.max_age + self.refetch_after)
            return self._held.keys

    def _fetch(self) -> KeySet:
        try:
            response = self.session.get(self.url, timeout=5, headers={"Accept": "application/json"})
            response.raise_for_status()
            return KeySet.import_key_set(response.json())
        except (requests.RequestException, ValueError, JoseError) as exc:
            log.warning(
                "maskinporten jwks unavailable", extra={"event": "api.jwks_unavailable", "error": type(exc).__name__}
            )
            raise JwksUnavailable from None


def _has_kid(keys: KeySet, kid: str | None) -> bool:
    return any(key.kid == kid for key in keys.keys)


def _header(token: str) -> dict:
    try:
        segment = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, IndexError):
        raise Refused(401, "invalid_token", "malformed token") from None
    if not isinstance(header, dict):
        raise Refused(401, "invalid_token", "malformed token")
    return header


def _bearer() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, None, "no bearer token")
    return token.strip()


def _claims(token: str, keys: JwksCache) -> dict:
    header = _header(token)
    if header.get("alg") != "RS256":
        raise Refused(401, "invalid_token", "algorithm not RS256")
    key_set = keys.key_set(header.get("kid"))
    if not _has_kid(key_set, header.get("kid")):
        raise Refused(401, "invalid_token", "unknown signing key")
    try:
        claims = jwt.decode(token, key_set, algorithms=["RS256"]).claims
    except (JoseError, ValueError):
        raise Refused(401, "invalid_token", "signature not valid") from None
    return claims


def consumer_of(claims: dict, config, now: float) -> MunicipalSystem:
    """The municipal system the verified claims name, or Refused."""
    consumer = claims.get("consumer")
    consumer_id = consumer.get("ID") if isinstance(consumer, dict) else None
    orgno = consumer_id.removeprefix("0192:") if isinstance(consumer_id, str) else None
    if not orgno or not consumer_id.startswith("0192:") or not valid_orgno(orgno):
        raise Refused(401, "invalid_token", "no consumer organisation")
    if claims.get("iss") != config["FHIR_MASKINPORTEN_ISSUER"]:
        raise Refused(401, "invalid_token", "wrong issuer", orgno)
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if config["FHIR_AUDIENCE"] not in audiences:
        raise Refused(401, "invalid_token", "wrong audience", orgno)
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or exp < now - LEEWAY_SECONDS:
        raise Refused(401, "invalid_token", "expired", orgno)
    if isinstance(iat, int | float) and iat > now + LEEWAY_SECONDS:
        raise Refused(401, "invalid_token", "issued in the future", orgno)
    scopes = frozenset(str(claims.get("scope") or "").split())
    return MunicipalSystem(
        orgno=orgno,
        municipality_slug=config["FHIR_CONSUMERS"].get(orgno),
        client_id=str(claims.get("client_id") or ""),
        scopes=scopes,
    )


def _scope_for(capability: Capability, config) -> str:
    return config["FHIR_WRITE_SCOPE"] if capability == Capability.API_WRITE else config["FHIR_READ_SCOPE"]


def _jwks() -> JwksCache:
    cache = current_app.extensions.get("fhir_jwks")
    if cache is None:
        config = current_app.config
        cache = JwksCache(
            config["FHIR_MASKINPORTEN_JWKS_URL"], config["FHIR_JWKS_CACHE_SECONDS"], config["FHIR_JWKS_REFETCH_SECONDS"]
        )
        current_app.extensions["fhir_jwks"] = cache
    return cache


def authorize(capability: Capability):
    """None when the request's token gives `capability` (the system is then `g.api_consumer`);
    else the refusal to answer with."""
    config = current_app.config
    scope = _scope_for(capability, config)
    try:
        if not config["FHIR_MASKINPORTEN_ISSUER"]:
            raise Refused(401, "invalid_token", "the API trusts no token issuer here")
        system = consumer_of(_claims(_bearer(), _jwks()), config, time.time())
        if scope not in system.scopes:
            raise Refused(403, "insufficient_scope", f"scope {scope} missing", system.orgno)
        if system.municipality_slug is None:
            raise Refused(403, "insufficient_scope", "organisation serves no municipality here", system.orgno)
    except JwksUnavailable:
        return outcome_response(503, "transient", "The token issuer's keys could not be fetched; try again later.")
    except Refused as refused:
        log.warning(
            "api token refused", extra={"event": "api.refused", "reason": refused.reason, "orgno": refused.orgno}
        )
        challenge = f'Bearer realm="{REALM}"'
        if refused.error:
            challenge += f', error="{refused.error}", error_description="{refused.reason}"'
        if refused.error == "insufficient_scope":
            challenge += f', scope="{scope}"'
        code = "login" if refused.status == 401 else "forbidden"
        return outcome_response(refused.status, code, refused.reason, headers={"WWW-Authenticate": challenge})
    wait = throttle.wait_for(system.orgno)
    if wait is not None:
        log.warning("api rate limited", extra={"event": "api.rate_limited", "orgno": system.orgno})
        return outcome_response(
            429, "throttled", f"Too many requests; try again in {wait} seconds.", headers={"Retry-After": str(wait)}
        )
    g.api_consumer = system
    return None
