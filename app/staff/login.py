"""Staff log in and out with their municipality's provider, as citizens do with ID-porten
(app/auth/flow.py shares the checks), into a session of the staff realm (app/sessions.py)."""

from __future__ import annotations

import logging
import time

import requests
from flask import current_app, g, session, url_for

from app import db
from app.auth import attempts, flow
from app.auth.refusals import LoginRefused
from app.schemas.fields import without_hidden
from app.services import staff as staff_service
from app.sessions import STAFF, STAFF_PREFIX
from app.staff import current
from app.staff.idp import STAFF_IDP, validate
from app.templating import current_locale
from app.urls import safe_next

log = logging.getLogger("minplan.staff.auth")
KEPT_ACROSS_LOGIN = ("locale", "easy_read")


def staff_next(target: str | None) -> str:
    """Where to go after logging in: a staff page, never a citizen's."""
    home = url_for("staff.home")
    chosen = safe_next(target, default=home)
    return chosen if chosen == STAFF_PREFIX or chosen.startswith(STAFF_PREFIX + "/") else home


def start_login(next_url: str, fresh: bool = False) -> str:
    redirect_uri = url_for("staff_auth.callback", _external=True)
    acr_values = current_app.config["STAFF_OIDC_ACR_VALUES"]
    try:
        started = STAFF_IDP.authorization(
            redirect_uri, acr_values=acr_values, ui_locales=current_locale(), prompt="login" if fresh else None
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        raise LoginRefused("unavailable", "idp_unreachable", error=type(error).__name__) from error
    attempts.remember(
        started.state,
        nonce=started.nonce,
        code_verifier=started.code_verifier,
        redirect_uri=redirect_uri,
        next=next_url,
        acr=acr_values or None,
    )
    log.info("staff login started", extra={"event": "staff.login.started"})
    return started.url


def finish_login(params: dict) -> str:
    attempt = flow.checked_callback(params, STAFF_IDP)
    claims = flow.redeem(params["code"], attempt, STAFF_IDP, validate)
    # The provider's name as people will read it: nothing invisible that could make it look like a
    # colleague's ("Line\u200b Haugland") or turn the sentence it stands in around (U+202E), as
    # the one name a person types, a fullmakt holder's, is refused with them.
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    name = " ".join(without_hidden(name).split()) if name else None
    if not name:
        raise LoginRefused("failed", "staff_without_name")
    member = staff_service.record_login(
        db.db_session(),
        issuer=claims["iss"],
        subject=claims["sub"],
        name=name[:100],
        email=_text(claims.get("email"), 200),
        username=_text(claims.get("preferred_username"), 200),
    )
    kept = {key: session[key] for key in KEPT_ACROSS_LOGIN if key in session}
    session.clear()
    session.update(kept)
    session.rotate()
    session.update(
        {
            current.SESSION_KEY: member.id,
            "idp_sid": _text(claims.get("sid"), 200),
            "acr": _text(claims.get("acr"), 50),
            "amr": [m for m in claims.get("amr") or [] if isinstance(m, str)][:5],
            "auth_time": claims.get("auth_time") if isinstance(claims.get("auth_time"), (int, float)) else time.time(),
            "logged_in_at": time.time(),
            "idp_origin": STAFF_IDP.login_origin(),
        }
    )
    log.info("staff login succeeded", extra={"event": "staff.login.succeeded", "staff_member_id": member.id})
    return attempt["next"]


def _text(value, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def start_logout() -> flow.LogoutStep:
    """End the staff session, then the provider's, as for citizens (app/auth/flow.py)."""
    staff = current.staff_actor()
    kept = {key: session[key] for key in KEPT_ACROSS_LOGIN if key in session}
    session.end()
    session.update(kept)
    g.staff_actor = None
    log.info("staff logout started", extra={"event": "staff.logout.started", "was_logged_in": staff is not None})
    return flow.logout_step(
        STAFF_IDP, "staff_auth.logged_out", log, "staff provider logout unavailable", "staff.logout"
    )


def front_channel_logout(iss: str, sid: str) -> int:
    ended = flow.end_sessions_of(STAFF_IDP, iss, sid, STAFF)
    log.info("staff front-channel logout", extra={"event": "staff.logout.frontchannel", "sessions_ended": ended})
    return ended
