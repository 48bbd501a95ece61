"""The login and logout journeys with ID-porten, step by step.

Each step that can fail raises LoginRefused with the page the person sees and the reason
that is logged. The order of the callback's checks matters and is the order below.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import OAuthError
from flask import current_app, session, url_for
from joserfc import jws
from joserfc.errors import ClaimError, JoseError

from app import assurance_levels, db
from app.auth import attempts, client, current
from app.auth.oidc import Provider
from app.auth.refusals import LoginRefused
from app.domain import identity_numbers
from app.services import people
from app.sessions import CITIZEN, end_sessions_with_idp_sid
from app.templating import current_locale

log = logging.getLogger("minplan.auth")


def _unavailable(error: Exception) -> LoginRefused:
    return LoginRefused("unavailable", "idp_unreachable", error=type(error).__name__)


def start_login(next_url: str, asked_acr: str | None = None, fresh: bool = False, max_age: int | None = None) -> str:
    """Remember a new attempt and return the URL of ID-porten's login page."""
    acr = assurance_levels.stronger_of(current_app.config["IDPORTEN_ACR"], asked_acr)
    redirect_uri = url_for("auth.callback", _external=True)
    try:
        request = client.authorization(
            redirect_uri, acr=acr, locale=current_locale(), prompt="login" if fresh else None, max_age=max_age
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        raise _unavailable(error) from error
    attempts.remember(
        request.state,
        nonce=request.nonce,
        code_verifier=request.code_verifier,
        redirect_uri=redirect_uri,
        next=next_url,
        acr=acr,
        max_age=max_age,
    )
    log.info("login started", extra={"event": "login.started", "acr": acr, "fresh": fresh})
    return request.url


def finish_login(params: dict) -> str:
    """Check the authorization response, redeem the code, log the person in; returns `next`."""
    attempt = checked_callback(params, client.IDPORTEN)
    claims = redeem(params["code"], attempt, client.IDPORTEN, _validate_idporten)
    try:
        number = identity_numbers.parse_allowed(
            claims.get("pid"), current_app.config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"]
        )
    except identity_numbers.InvalidIdentityNumber as error:
        raise LoginRefused("identity", "invalid_pid", rule=error.reason) from error
    person = people.record_login(db.db_session(), number)
    current.log_in(person, claims, client.login_origin())
    log.info(
        "login succeeded",
        extra={"event": "login.succeeded", "person_id": person.id, "acr": claims["acr"], "amr": session.get("amr")},
    )
    return attempt["next"]


def checked_callback(params: dict, provider: Provider) -> dict:
    """The login attempt a callback answers, once the provider's answer has passed every check
    that comes before the code is used: an error, the state, the issuer, a code at all."""
    if params.get("error"):
        attempts.take(params.get("state"))  # an attempt that ended is used up either way
        page = "cancelled" if params["error"] == "access_denied" else "failed"
        raise LoginRefused(page, "idp_error", error=params["error"])
    attempt, why_not = attempts.take(params.get("state"))
    if attempt is None:
        raise LoginRefused("expired", why_not)
    _check_issuer(params.get("iss"), provider)
    if not params.get("code"):
        raise LoginRefused("failed", "missing_code")
    return attempt


def _check_issuer(iss: str | None, provider: Provider) -> None:
    """RFC 9207: the response must come from the issuer we asked, before the code is used."""
    try:
        expected, required = provider.issuer(), provider.sends_iss_parameter()
    except (requests.RequestException, ValueError, KeyError) as error:
        raise _unavailable(error) from error
    if iss is None and not required:
        return
    if iss != expected:
        raise LoginRefused("failed", "wrong_iss" if iss else "missing_iss")


def _validate_idporten(token: dict, attempt: dict) -> dict:
    return client.validate_id_token(token, attempt["nonce"], attempt["acr"], attempt.get("max_age"))


def redeem(code: str, attempt: dict, provider: Provider, validate: Callable[[dict, dict], dict]) -> dict:
    """The code redeemed at `provider` and the id_token's claims, checked by `validate`; a claim it
    refuses as too weak (acr, amr) is the "level" page, anything else "failed"."""
    try:
        token = provider.redeem_code(code, attempt["code_verifier"], attempt["redirect_uri"])
    except OAuthError as error:
        raise LoginRefused("failed", "token_refused", error=str(error.error)[:50]) from error
    except requests.RequestException as error:
        raise _unavailable(error) from error
    except ValueError as error:  # a token response that is not JSON
        raise LoginRefused("failed", "token_unreadable") from error
    if not isinstance(token.get("id_token"), str):
        raise LoginRefused("failed", "no_id_token")
    try:
        claims = validate(token, attempt)
    except ClaimError as error:
        if error.claim in ("acr", "amr"):
            raise LoginRefused(
                "level",
                f"{error.claim}_too_low",
                acr=_unverified_claim(token["id_token"], error.claim),
                required=attempt.get("acr"),
            ) from error
        raise LoginRefused("failed", "invalid_id_token", claim=error.claim, error=error.error) from error
    except (JoseError, ValueError, TypeError) as error:
        raise LoginRefused("failed", "invalid_id_token", error=getattr(error, "error", type(error).__name__)) from error
    except requests.RequestException as error:
        raise _unavailable(error) from error
    return claims


def _unverified_claim(id_token: str, claim: str) -> str:
    """The acr or amr a (validly signed) id_token claims, for the log line only."""
    try:
        return str(json.loads(jws.extract_compact(id_token.encode()).payload).get(claim))[:50]
    except (JoseError, ValueError, AttributeError):
        return "unreadable"


@dataclass(frozen=True)
class LogoutStep:
    """Where the browser goes next (ID-porten's end-session endpoint, or our own page when
    ID-porten cannot be reached) and the state it must come back with."""

    url: str
    state: str


def start_logout() -> LogoutStep:
    """End whatever local session there is, then send the browser to ID-porten to end theirs.

    ID-porten is asked even when our session had already expired: its own session may well be
    alive, and on a shared computer the next person would otherwise go straight through."""
    person = current.person()
    was_logged_in = current.log_out()
    log.info(
        "logout started",
        extra={"event": "logout.started", "person_id": person.id if person else None, "was_logged_in": was_logged_in},
    )
    return logout_step(client.IDPORTEN, "auth.logged_out", log, "logout at ID-porten unavailable", "logout")


def logout_step(
    provider: Provider, done_endpoint: str, logger: logging.Logger, unreachable: str, event: str
) -> LogoutStep:
    """A new state and the provider's end-session URL that comes back to `done_endpoint`; straight
    to that page of ours when the provider cannot be reached (logging out must still end here)."""
    state = secrets.token_urlsafe(24)
    try:
        url = provider.logout_url(url_for(done_endpoint, _external=True), state, current_locale())
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as error:
        logger.warning(unreachable, extra={"event": f"{event}.idp_unreachable", "error": type(error).__name__})
        url = url_for(done_endpoint, state=state)
    return LogoutStep(url, state)


def finish_logout(state: str | None, expected: str | None) -> bool:
    """Whether ID-porten came back with the state we sent (the local session is gone either way)."""
    confirmed = bool(state and expected and secrets.compare_digest(state, expected))
    if not confirmed:
        reason = "missing_state" if not state else "unknown_state" if not expected else "wrong_state"
        log.warning("logout return refused", extra={"event": "logout.refused", "reason": reason})
    return confirmed


def front_channel_logout(iss: str, sid: str) -> int:
    """ID-porten ended session `sid`: end ours too, whichever process holds them."""
    ended = end_sessions_of(client.IDPORTEN, iss, sid, CITIZEN)
    log.info("front-channel logout", extra={"event": "logout.frontchannel", "sessions_ended": ended})
    return ended


def end_sessions_of(provider: Provider, iss: str, sid: str, realm: str) -> int:
    """How many of the realm's sessions ended because `provider` (it must be the issuer) ended `sid`."""
    try:
        expected = provider.issuer()
    except (requests.RequestException, ValueError, KeyError) as error:
        raise _unavailable(error) from error
    if iss != expected:
        raise LoginRefused("failed", "frontchannel_wrong_iss")
    return end_sessions_with_idp_sid(sid, realm)
