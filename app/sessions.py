"""Flask's `session`, kept in the database instead of a cookie.

The cookie holds only a signed random token; the row holds the data. A row is created only
when something other than a visitor's choices is first stored, so anonymous visits create
nothing: the choices (language, easy-read) travel in a signed cookie of their own
(app/session_choices.py). Idle and absolute timeouts end a session on the server, whatever the
cookie says.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, current_app, g
from flask import session as flask_session
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import CallbackDict

from app import db, session_choices
from app.models import BrowserSession
from app.models.base import utcnow

# Writing last_seen on every request would turn each page view into a write.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)
# Staff work under their own prefix, with their own cookie, lifetimes and rows: a citizen's token is
# never read there, nor a staff member's anywhere else (the staff cookie is not even sent elsewhere).
CITIZEN, STAFF = "citizen", "staff"
STAFF_PREFIX = "/ansatt"
STAFF_COOKIE_NAME = "minplan_staff"
# The load balancer's probes (app/health.py) touch no session: a browser's cookie sent with one
# must not make "alive" wait for, or fail with, the database.
PROBE_PATHS = frozenset({"/healthz", "/readyz"})


def realm_of(path: str) -> str:
    return STAFF if path == STAFF_PREFIX or path.startswith(STAFF_PREFIX + "/") else CITIZEN


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class EndedLogin:
    """What a session that has just timed out leaves behind for the request that found it ended."""

    person_id: int | None
    csrf_token: str | None
    acting_for: int | None


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial: dict[str, Any] | None = None, token: str | None = None, realm: str = CITIZEN):
        def on_update(session: ServerSession) -> None:
            session.modified = True

        super().__init__(initial or {}, on_update)
        self.token = token
        self.realm = realm
        self.modified = False
        self.rotate_requested = False
        self.touch_needed = False
        self.ended = False
        self.ended_token: str | None = None
        # The database could not be asked: nothing may be saved, or a fresh row would replace
        # the person's real session.
        self.unavailable = False
        self.cookie_choices: dict[str, Any] = {}
        # When the row was made and last seen (None until it exists): what the page says about the time left.
        self.created_at: datetime | None = None
        self.last_seen_at: datetime | None = None
        # The session that ran out on this very request, if any: whose it was and the CSRF token
        # its forms carried, so a form written in it can be kept for the same person (app/auth/kept_form.py).
        self.expired_previous = False
        self.ended_login: EndedLogin | None = None

    @property
    def holds_state(self) -> bool:
        """Whether there is more than a visitor's choices: only then is there a row."""
        return any(key not in session_choices.CHOICES for key in self)

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

    def _lifetimes(self, app: Flask, realm: str = CITIZEN) -> tuple[timedelta, timedelta]:
        prefix = "STAFF_SESSION" if realm == STAFF else "SESSION"
        return (
            timedelta(minutes=app.config[f"{prefix}_IDLE_MINUTES"]),
            timedelta(minutes=app.config[f"{prefix}_ABSOLUTE_MINUTES"]),
        )

    def _cookie_name(self, app: Flask, realm: str) -> str:
        return STAFF_COOKIE_NAME if realm == STAFF else self.get_cookie_name(app)

    def _cookie_path(self, app: Flask, realm: str) -> str:
        return STAFF_PREFIX if realm == STAFF else self.get_cookie_path(app)

    def _fresh(self, choices: dict[str, Any], realm: str) -> ServerSession:
        session = ServerSession(choices, realm=realm)
        session.cookie_choices = choices
        return session

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        choices = session_choices.read(app, request)
        realm = realm_of(request.path)
        cookie = request.cookies.get(self._cookie_name(app, realm))
        if not cookie or request.path in PROBE_PATHS:
            return self._fresh(choices, realm)
        try:
            token = self._signer(app).unsign(cookie).decode()
        except (BadSignature, UnicodeDecodeError):
            app.logger.warning("session cookie with a bad signature", extra={"event": "session.tampered"})
            return self._fresh(choices, realm)
        try:
            session = self._open_row(app, token, choices, realm)
        except SQLAlchemyError as error:
            # Raised here, Flask would answer outside every error handler and request log; the
            # first before_request handler raises it again (app.db).
            g.database_unavailable = error
            session = self._fresh(choices, realm)
            session.unavailable = True
        return session

    def _open_row(self, app: Flask, token: str, choices: dict[str, Any], realm: str) -> ServerSession:
        with db.autocommit_session() as dbs:
            row = dbs.scalar(select(BrowserSession).where(BrowserSession.token_hash == _hash(token)))
            if row is not None and row.realm != realm:
                app.logger.warning(
                    "session cookie of another realm", extra={"event": "session.wrong_realm", "realm": realm}
                )
                return self._fresh(choices, realm)
            if row is None or row.revoked_at is not None:
                return self._fresh(choices, realm)
            idle, absolute = self._lifetimes(app, realm)
            now = utcnow()
            if now - row.last_seen_at > idle or now - row.created_at > absolute:
                ended = EndedLogin(row.person_id, _str_or_none(row.data.get("csrf_token")), row.data.get("acting_for"))
                dbs.delete(row)
                dbs.commit()
                expired = self._fresh(choices, realm)
                expired.expired_previous = True  # lets login send the person back where they were
                expired.ended_login = ended
                return expired
            session = ServerSession(dict(row.data), token=token, realm=realm)
            session.cookie_choices = choices
            session.created_at, session.last_seen_at = row.created_at, row.last_seen_at
            session.touch_needed = now - row.last_seen_at > LAST_SEEN_RESOLUTION
            return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        if session.unavailable:
            return
        session_choices.save(app, self, session_choices.of(session), session.cookie_choices, response)
        try:
            self._save_row(app, session, response)
        except SQLAlchemyError as error:
            # The answer may report a change that is already committed: it must stand. The person
            # keeps the session they had; the request's log line says the save failed.
            g.session_not_saved = error

    def _save_row(self, app: Flask, session: ServerSession, response: Response) -> None:
        name = self._cookie_name(app, session.realm)
        cookie_kwargs = dict(
            domain=self.get_cookie_domain(app),
            path=self._cookie_path(app, session.realm),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )
        delete_cookie = {k: v for k, v in cookie_kwargs.items() if k != "httponly"}
        if session.ended:
            self._delete_row(session.ended_token)
            if not session.holds_state:
                response.delete_cookie(name, **delete_cookie)
                return
        elif session.token and not session.holds_state and session.modified:
            self._delete_row(session.token)
            response.delete_cookie(name, **delete_cookie)
            return
        if not session.modified and not session.touch_needed:
            return
        if not session.token and not session.holds_state:
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
                row = BrowserSession(
                    token_hash=_hash(token), data={}, created_at=now, last_seen_at=now, realm=session.realm
                )
                dbs.add(row)
                session.token = token
            row.data = dict(session)
            row.last_seen_at = now
            _copy_login_columns(session, row)
            dbs.commit()
        return session.token


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def time_left(app: Flask, session: ServerSession) -> tuple[int, int]:
    """Seconds until this session ends if nothing more happens (idle), and until it ends whatever
    happens (absolute). A request that touches the row, or makes it, starts the idle time anew."""
    idle, absolute = DatabaseSessionInterface()._lifetimes(app, session.realm)
    now = utcnow()
    created = session.created_at or now
    last_seen = now if session.touch_needed or session.last_seen_at is None else session.last_seen_at
    absolute_end = created + absolute
    idle_end = min(last_seen + idle, absolute_end)
    return max(0, int((idle_end - now).total_seconds())), max(0, int((absolute_end - now).total_seconds()))


def session_time_left() -> dict[str, int]:
    """For the page's warning before the session ends (components/session-timeout.html)."""
    idle, absolute = time_left(current_app, flask_session)
    return {"idle": idle, "absolute": absolute, "warn": int(current_app.config.get("SESSION_WARNING_SECONDS", 300))}


def extend(session: ServerSession) -> None:
    """Start the idle time anew ("go on" in the warning): the row is written with last seen now."""
    session.touch_needed = True


def _copy_login_columns(session: ServerSession, row: BrowserSession) -> None:
    """Mirror the login in columns, so logout can find sessions without reading every row."""
    row.person_id = session.get("person_id")
    row.staff_member_id = session.get("staff_member_id")
    row.idp_sid = session.get("idp_sid")
    row.acr = session.get("acr")
    logged_in = session.get("logged_in_at")
    row.logged_in_at = datetime.fromtimestamp(logged_in, UTC) if logged_in else None


def end_sessions_with_idp_sid(sid: str, realm: str = CITIZEN) -> int:
    """End every local session of `realm` that belongs to the provider's session `sid`
    (front-channel logout): ID-porten's for citizens, the staff provider's for staff."""
    with db.new_session() as dbs:
        result = dbs.execute(delete(BrowserSession).where(BrowserSession.idp_sid == sid, BrowserSession.realm == realm))
        dbs.commit()
        return result.rowcount or 0


def purge_expired(idle_minutes: int, absolute_minutes: int, realm: str = CITIZEN) -> int:
    """Delete sessions of `realm` past either timeout; run from `flask sessions purge` or a timer."""
    now = utcnow()
    with db.new_session() as dbs:
        result = dbs.execute(
            delete(BrowserSession).where(
                BrowserSession.realm == realm,
                (BrowserSession.last_seen_at < now - timedelta(minutes=idle_minutes))
                | (BrowserSession.created_at < now - timedelta(minutes=absolute_minutes)),
            )
        )
        dbs.commit()
        return result.rowcount or 0
