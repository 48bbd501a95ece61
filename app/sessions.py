"""Flask's `session`, kept in the database instead of a cookie.

The cookie holds only a signed random token; the row holds the data. A row is created only
when something is first stored, so anonymous reading creates nothing. Idle and absolute
timeouts end a session on the server, whatever the cookie says.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, select
from werkzeug.datastructures import CallbackDict

from app import db
from app.models import BrowserSession
from app.models.base import utcnow

# Writing last_seen on every request would turn each page view into a write.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial: dict[str, Any] | None = None, token: str | None = None):
        def on_update(session: "ServerSession") -> None:
            session.modified = True

        super().__init__(initial or {}, on_update)
        self.token = token
        self.modified = False
        self.rotate_requested = False
        self.touch_needed = False
        self.ended = False
        self.ended_token: str | None = None

    def rotate(self) -> None:
        """Give this session a new token, as at login, so a planted id cannot be reused."""
        self.rotate_requested = True
        self.modified = True

    def end(self) -> None:
        """Forget everything and remove the row (logout).

        Anything stored afterwards goes into a new session with a new token, so logout can
        keep, say, the language choice and the state it sends to ID-porten.
        """
        self.ended_token = self.token
        self.token = None
        self.clear()
        self.ended = True
        self.modified = True


class DatabaseSessionInterface(SessionInterface):
    def _signer(self, app: Flask) -> Signer:
        return Signer(app.secret_key, salt="minplan-session")

    def _lifetimes(self, app: Flask) -> tuple[timedelta, timedelta]:
        return (
            timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]),
            timedelta(minutes=app.config["SESSION_ABSOLUTE_MINUTES"]),
        )

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return ServerSession()
        try:
            token = self._signer(app).unsign(cookie).decode()
        except (BadSignature, UnicodeDecodeError):
            app.logger.warning("session cookie with a bad signature", extra={"event": "session.tampered"})
            return ServerSession()
        with db.new_session() as dbs:
            row = dbs.scalar(select(BrowserSession).where(BrowserSession.token_hash == _hash(token)))
            if row is None or row.revoked_at is not None:
                return ServerSession()
            idle, absolute = self._lifetimes(app)
            now = utcnow()
            if now - row.last_seen_at > idle or now - row.created_at > absolute:
                dbs.delete(row)
                dbs.commit()
                expired = ServerSession()
                expired.expired_previous = True  # lets login send the person back where they were
                return expired
            session = ServerSession(dict(row.data), token=token)
            session.touch_needed = now - row.last_seen_at > LAST_SEEN_RESOLUTION
            return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name = self.get_cookie_name(app)
        cookie_kwargs = dict(
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )
        delete_cookie = {k: v for k, v in cookie_kwargs.items() if k != "httponly"}
        if session.ended:
            self._delete_row(session.ended_token)
            if not session:
                response.delete_cookie(name, **delete_cookie)
                return
        elif session.token and not session and session.modified:
            self._delete_row(session.token)
            response.delete_cookie(name, **delete_cookie)
            return
        if not session.modified and not session.touch_needed:
            return
        if not session.token and not session:
            return
        token = self._store(session)
        if token is None:  # ended elsewhere meanwhile (front-channel logout): stay ended
            response.delete_cookie(name, **delete_cookie)
            return
        response.set_cookie(name, self._signer(app).sign(token).decode(), **cookie_kwargs)
        response.vary.add("Cookie")

    def _delete_row(self, token: str | None) -> None:
        if not token:
            return
        with db.new_session() as dbs:
            dbs.execute(delete(BrowserSession).where(BrowserSession.token_hash == _hash(token)))
            dbs.commit()

    def _store(self, session: ServerSession) -> str | None:
        now = utcnow()
        with db.new_session() as dbs:
            row = None
            if session.token:
                row = dbs.scalar(select(BrowserSession).where(BrowserSession.token_hash == _hash(session.token)))
                gone = row is None or row.revoked_at is not None
                if gone and not session.rotate_requested:
                    # A request that began before a logout must not bring the session back.
                    return None
            if row is None or session.rotate_requested:
                if row is not None:
                    dbs.delete(row)
                token = secrets.token_urlsafe(32)
                row = BrowserSession(token_hash=_hash(token), data={}, created_at=now, last_seen_at=now)
                dbs.add(row)
                session.token = token
            row.data = dict(session)
            row.last_seen_at = now
            _copy_login_columns(session, row)
            dbs.commit()
        return session.token


def _copy_login_columns(session: ServerSession, row: BrowserSession) -> None:
    """Mirror the login in columns, so logout can find sessions without reading every row."""
    row.person_id = session.get("person_id")
    row.idp_sid = session.get("idp_sid")
    row.acr = session.get("acr")
    logged_in = session.get("logged_in_at")
    row.logged_in_at = datetime.fromtimestamp(logged_in, timezone.utc) if logged_in else None


def end_sessions_with_idp_sid(sid: str) -> int:
    """End every local session that belongs to ID-porten session `sid` (front-channel logout)."""
    with db.new_session() as dbs:
        result = dbs.execute(delete(BrowserSession).where(BrowserSession.idp_sid == sid))
        dbs.commit()
        return result.rowcount or 0


def purge_expired(idle_minutes: int, absolute_minutes: int) -> int:
    """Delete sessions past either timeout; run from `flask sessions purge` or a timer."""
    now = utcnow()
    with db.new_session() as dbs:
        result = dbs.execute(
            delete(BrowserSession).where(
                (BrowserSession.last_seen_at < now - timedelta(minutes=idle_minutes))
                | (BrowserSession.created_at < now - timedelta(minutes=absolute_minutes))
            )
        )
        dbs.commit()
        return result.rowcount or 0
