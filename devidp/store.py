"""The stand-in's memory: signing keys, one-time codes, login (SSO) sessions. Nothing on disk.

One process serves every request, from several threads; a lock keeps the dictionaries whole.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

from joserfc.jwk import KeySet, RSAKey

CODE_LIFETIME_SECONDS = 60  # ID-porten's codes live briefly too; OAuth allows at most 10 minutes


@dataclass
class LoggedInUser:
    """Who authenticated, how, and in which login session: what the id_token will say.

    ID-porten's users have a pid; the staff realm's have a username instead.
    """

    pid: str | None
    acr: str
    sid: str
    auth_time: int
    locale: str = "nb"
    amr: list[str] = field(default_factory=lambda: ["TestID"])
    username: str | None = None

    @property
    def who(self) -> str | None:
        return self.pid or self.username


@dataclass
class AuthorizationCode:
    """authlib's AuthorizationCodeMixin for the OpenID Connect code grant."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    user: LoggedInUser
    issued_at: float = field(default_factory=time.time)

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.user.auth_time

    def get_acr(self) -> str:
        return self.user.acr

    def get_amr(self) -> list[str]:
        return self.user.amr

    def is_expired(self) -> bool:
        return time.time() - self.issued_at > CODE_LIFETIME_SECONDS


@dataclass
class SsoSession:
    """One login at the stand-in, shared by every client the browser logs in to (`sid`)."""

    sid: str
    user: LoggedInUser
    clients: dict[str, str] = field(default_factory=dict)  # client_id -> the redirect_uri it used


def new_signing_key() -> RSAKey:
    return RSAKey.generate_key(
        2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"}, private=True
    )


class Store:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, AuthorizationCode] = {}
        self._sessions: dict[str, SsoSession] = {}
        self._used_nonces: set[tuple[str, str]] = set()
        self._used_jtis: set[tuple[str, str]] = set()
        self.keys: list[RSAKey] = [new_signing_key()]
        # Test-only: claims to put into (or, with None, leave out of) the next id_token, and the
        # key to sign it with. Reachable from Python in the test process only, never over HTTP.
        self.next_id_token_claims: dict = {}
        self.next_id_token_key: RSAKey | None = None

    # Keys -----------------------------------------------------------------------------------
    @property
    def signing_key(self) -> RSAKey:
        return self.keys[-1]

    def jwks(self) -> dict:
        return KeySet(self.keys).as_dict(private=False)

    def rotate_key(self) -> RSAKey:
        """A new signing key with a new kid; the old one stays published (as ID-porten does)."""
        with self._lock:
            self.keys = [self.keys[-1], new_signing_key()]
            return self.keys[-1]

    def take_id_token_tampering(self) -> tuple[dict, RSAKey | None]:
        with self._lock:
            claims, key = self.next_id_token_claims, self.next_id_token_key
            self.next_id_token_claims, self.next_id_token_key = {}, None
            return claims, key

    # Codes ------------------------------------------------------------------------------------
    def save_code(self, code: AuthorizationCode) -> None:
        with self._lock:
            self._codes[code.code] = code
            if code.nonce:
                self._used_nonces.add((code.client_id, code.nonce))

    def take_code(self, code: str, client_id: str) -> AuthorizationCode | None:
        """The code, removed at once: a second use finds nothing, even if the first one failed."""
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or found.client_id != client_id or found.is_expired():
            return None
        return found

    def code_is_unused(self, code: str) -> bool:
        with self._lock:
            return code in self._codes

    def nonce_was_used(self, client_id: str, nonce: str) -> bool:
        with self._lock:
            return (client_id, nonce) in self._used_nonces

    def use_jti(self, client_id: str, jti: str) -> bool:
        """False when a client assertion's jti was seen before (a replayed assertion)."""
        with self._lock:
            if (client_id, jti) in self._used_jtis:
                return False
            self._used_jtis.add((client_id, jti))
            return True

    # Login sessions ---------------------------------------------------------------------------
    def sso_session(self, sid: str | None) -> SsoSession | None:
        with self._lock:
            return self._sessions.get(sid) if sid else None

    def log_in(self, user: LoggedInUser, client_id: str, redirect_uri: str) -> SsoSession:
        with self._lock:
            session = self._sessions.get(user.sid)
            if session is None:
                session = self._sessions[user.sid] = SsoSession(sid=user.sid, user=user)
            session.user = user
            session.clients[client_id] = redirect_uri
            return session

    def end_sso_session(self, sid: str | None) -> SsoSession | None:
        with self._lock:
            return self._sessions.pop(sid, None) if sid else None
