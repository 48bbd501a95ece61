"""Flask's `session`, kept in the database instead of a cookie.

The cookie holds only a signed random token; the row holds the data. A row is created only
when something is first stored, so anonymous reading creates nothing. Idle and absolute
timeouts end a session on the server, whatever the cookie says.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
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

    def rotate(self) -> None:
        """Give this session a new token, as at login, so a planted id cannot be reused."""
        self.rotate_requested = True
        self.modified = True

    def end(self) -> None:
        """Forget everything and remove the row (logout)."""
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
        if session.ended or (session.token and not session and session.modified):
            self._delete_row(session.token)
            response.delete_cookie(name, **{k: v for k, v in cookie_kwargs.items() if k != "httponly"})
            return
        if not session.modified and not session.touch_needed:
            return
        if not session.token and not session:
            return
        token = self._store(session)
        response.set_cookie(name, self._signer(app).sign(token).decode(), **cookie_kwargs)
        response.vary.add("Cookie")

    def _delete_row(self, token: str | None) -> None:
        if not token:
            return
        with db.new_session() as dbs:
            dbs.execute(delete(BrowserSession).where(BrowserSession.token_hash == _hash(token)))
            dbs.commit()

    def _store(self, session: ServerSession) -> str:
        now = utcnow()
        with db.new_session() as dbs:
            row = None
            if session.token:
                row = dbs.scalar(select(BrowserSession).where(BrowserSession.token_hash == _hash(session.token)))
            if row is None or session.rotate_requested:
                if row is not None:
                    dbs.delete(row)
                token = secrets.token_urlsafe(32)
                row = BrowserSession(token_hash=_hash(token), data={}, created_at=now, last_seen_at=now)
                dbs.add(row)
                session.token = token
            row.data = dict(session)
            row.last_seen_at = now
            dbs.commit()
        return session.token


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
