"""Login attempts in progress: nonce, PKCE verifier and where to go next, kept on the server.

They live in the server-side session, keyed by `state`, and each can be taken out once: a
replayed or forged callback finds nothing. Old attempts expire; a few may be open at once
(several tabs), more are dropped oldest first.
"""

from __future__ import annotations

import time

from flask import session

KEY = "login_attempts"
MAX_AGE_SECONDS = 15 * 60
MAX_OPEN = 5


def remember(state: str, **data) -> None:
    now = time.time()
    open_attempts = {
        s: a for s, a in dict(session.get(KEY) or {}).items() if now - a.get("started", 0) <= MAX_AGE_SECONDS
    }
    newest = sorted(open_attempts.items(), key=lambda item: item[1]["started"])[-(MAX_OPEN - 1) :]
    session[KEY] = {**dict(newest), state: {**data, "started": now}}


def take(state: str | None) -> tuple[dict | None, str]:
    """The attempt for `state`, removed so it cannot be used again, and why it is None if it is."""
    attempts = dict(session.get(KEY) or {})
    attempt = attempts.pop(state, None) if state else None
    if attempt is not None:
        if attempts:
            session[KEY] = attempts
        else:
            session.pop(KEY, None)
    if not state:
        return None, "missing_state"
    if attempt is None:
        return None, "unknown_state"
    if time.time() - attempt["started"] > MAX_AGE_SECONDS:
        return None, "expired_state"
    return attempt, ""
