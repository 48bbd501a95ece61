"""Login, ID-porten's callback, both kinds of logout. Each view parses, calls the flow, answers."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, url_for
from marshmallow import ValidationError

from app import db
from app.auth import client, current, flow, realm_views
from app.auth.refusals import LoginRefused
from app.auth.step_up import redirect_away
from app.domain import clock
from app.policy import public
from app.schemas import single_values
from app.schemas.auth import LoginStartSchema
from app.security import csrf
from app.services import representations
from app.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.get("/logg-inn")
@public
def login():
    try:
        args = LoginStartSchema().load(single_values(request.args))
    except ValidationError as error:
        raise LoginRefused("failed", "malformed_login_request", fields=sorted(error.messages)) from error
    next_url = safe_next(args["next"], default=url_for("account.my_page"))
    wanted_acr = args["acr"] or current_app.config["IDPORTEN_ACR"]
    if not args["fresh"] and current.login_is_fresh(wanted_acr, args["max_age"]):
        return redirect(next_url, code=303)
    return redirect_away(flow.start_login(next_url, args["acr"], args["fresh"], args["max_age"]))


@bp.get("/logg-inn/callback")
@public
def callback():
    next_url = flow.finish_login(realm_views.callback_params())
    # Someone who may act for others is asked for whom, today, before anything else;
    # not when they only proved who they are again (step-up): they go on as before.
    if not g.get("logged_in_again") and representations.usable_by(db.db_session(), current.person().id, clock.today()):
        return redirect(url_for("representation.choose", next=next_url), code=303)
    return redirect(next_url, code=303)


LOGOUT_STATE_COOKIE = "minplan_logout_state"
LOGOUT = realm_views.Logout(
    client.IDPORTEN, LOGOUT_STATE_COOKIE, "auth.logged_out", "auth/logged-out.html", flow.front_channel_logout
)


@bp.post("/logg-ut")
@public
@csrf.exempt
def logout():
    """Logging out must always work, so no CSRF token is asked for: the token lives in the session,
    and an expired session would otherwise leave the person stuck at "Skjemaet er utløpt" while
    still logged in at ID-porten. That is safe: a forged cross-site logout can only log someone
    out, it reads and changes nothing, and anyone can send a browser to ID-porten's end-session
    endpoint directly anyway (the session cookie is SameSite=Lax, so a cross-site POST does not
    even end our session)."""
    return LOGOUT.to_provider(flow.start_logout())


@bp.get("/logg-ut/ferdig")
@public
def logged_out():
    return LOGOUT.came_back()


@bp.get("/logg-ut/frontkanal")
@public
def frontchannel_logout():
    return LOGOUT.front_channel()


# Going on before the session ends, and a form kept across a new login: routes on this blueprint.
from app.auth import session_views  # noqa: E402, F401
