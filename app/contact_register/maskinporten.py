"""Access tokens from Maskinporten by the JWT-bearer grant (RFC 7523).

The client proves who it is with a short-lived assertion signed by its own private key (its `kid`
registered with Maskinporten); no client secret exists. A token is reused until shortly before it
expires, so a batch of notices costs one round trip to Maskinporten, not one per lookup.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from app.contact_register.errors import RegisterUnavailable

log = logging.getLogger(__name__)

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Maskinporten refuses an assertion that lives longer than 120 seconds.
ASSERTION_SECONDS = 120
# A token this close to its end is fetched again, so it cannot expire on its way to the register.
REFRESH_MARGIN_SECONDS = 60


class MaskinportenToken:
    def __init__(
        self,
        *,
        issuer: str,
        token_url: str,
        client_id: str,
        key: RSAKey,
        key_id: str,
        scope: str,
        timeout: float = 5.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.issuer = issuer
        self.token_url = token_url
        self.client_id = client_id
        self.key = key
        self.key_id = key_id
        self.scope = scope
        self.timeout = timeout
        self.session = session or requests.Session()
        self.clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config, session: requests.Session | None = None) -> MaskinportenToken:
        pem = config.get("MASKINPORTEN_KEY") or Path(config["MASKINPORTEN_KEY_PATH"]).read_bytes()
        return cls(
            issuer=config["MASKINPORTEN_ISSUER"],
            token_url=config["MASKINPORTEN_TOKEN_URL"],
            client_id=config["MASKINPORTEN_CLIENT_ID"],
            key=RSAKey.import_key(pem),
            key_id=config["MASKINPORTEN_KEY_ID"],
            scope=config["KRR_SCOPE"],
            timeout=config.get("KRR_TIMEOUT_SECONDS", 5.0),
            session=session,
        )

    def assertion(self) -> str:
        now = int(self.clock())
        claims = {
            "aud": self.issuer,  # Maskinporten's issuer, not its token URL
            "iss": self.client_id,
            "scope": self.scope,
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
            "jti": str(uuid.uuid4()),  # an assertion is good for one use
        }
        return jwt.encode({"alg": "RS256", "kid": self.key_id}, claims, self.key)

    def get(self) -> str:
        """A valid access token, fetched only when the one held is near its end."""
        with self._lock:
            if self._token is None or self.clock() >= self._expires_at - REFRESH_MARGIN_SECONDS:
                self._token, lifetime = self._fetch()
                self._expires_at = self.clock() + lifetime
            return self._token

    def forget(self) -> None:
        """Drop the token held (the register refused it)."""
        with self._lock:
            self._token = None

    def _fetch(self) -> tuple[str, float]:
        try:
            response = self.session.post(
                self.token_url,
                data={"grant_type": GRANT_TYPE, "assertion": self.assertion()},
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            log.warning("maskinporten unreachable", extra={"error": type(exc).__name__})
            raise RegisterUnavailable("Maskinporten could not be reached") from None
        if response.status_code != 200:
            # Maskinporten's error text names the client and scope, not persons; the status is enough.
            log.warning("maskinporten refused the grant", extra={"status": response.status_code})
            raise RegisterUnavailable(f"Maskinporten answered {response.status_code}")
        try:
            body = response.json()
            token, lifetime = body["access_token"], float(body.get("expires_in", 0))
        except (ValueError, KeyError, TypeError):
            raise RegisterUnavailable("Maskinporten's answer holds no access token") from None
        if not isinstance(token, str) or not token or lifetime <= 0:
            raise RegisterUnavailable("Maskinporten's answer holds no usable access token")
        log.info("maskinporten token fetched", extra={"expires_in": int(lifetime)})
        return token, lifetime
