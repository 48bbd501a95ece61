"""Login, ID-porten's callback, both kinds of logout. Each view parses, calls the flow, answers."""

from __future__ import annotations

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app import db
from app.auth import attempts, client, current, flow
from app.auth.refusals import LoginRefused
from app.auth.step_up import redirect_away
from app.domain import clock
from app.policy import public
from app.schemas import single_values
from app.schemas.auth import CallbackSchema, FrontChannelLogoutSchema, LoginStartSchema, LogoutReturnSchema
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
    try:
        params = CallbackSchema().load(single_values(request.args))
    except ValidationError as error:
        attempts.take(request.args.get("state"))  # even a garbled response uses up its attempt
        raise LoginRefused("failed", "malformed_callback", fields=sorted(error.messages)) from error
    next_url = flow.finish_login(params)
    # Someone who may act for others is asked for whom, today, before anything else;
    # not when they only proved who they are again (step-up): they go on as before.
    if not g.get("logged_in_again") and representations.usable_by(db.db_session(), current.person().id, clock.today()):
        return redirect(url_for("representation.choose", next=next_url), code=303)
    return redirect(next_url, code=303)


# The state sent to ID-porten at logout waits in a cookie of its own, not in the session: the
# session is ended by then (or had expired already), and an anonymous press on "Logg ut" must
# not create a session row.
LOGOUT_STATE_COOKIE = "minplan_logout_state"
LOGOUT_STATE_MAX_AGE_SECONDS = 15 * 60


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
    step = flow.start_logout()
    response = redirect_away(step.url)
    response.set_cookie(
        LOGOUT_STATE_COOKIE,
        step.state,
        max_age=LOGOUT_STATE_MAX_AGE_SECONDS,
        path=url_for("auth.logged_out"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.get("/logg-ut/ferdig")
@public
def logged_out():
    try:
        state = LogoutReturnSchema().load(single_values(request.args))["state"]
    except ValidationError:
        state = None
    confirmed = flow.finish_logout(state, request.cookies.get(LOGOUT_STATE_COOKIE))
    response = make_response(render_template("auth/logged-out.html", confirmed=confirmed), 200 if confirmed else 400)
    response.delete_cookie(
        LOGOUT_STATE_COOKIE,
        path=url_for("auth.logged_out"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
    return response


@bp.get("/logg-ut/frontkanal")
@public
def frontchannel_logout():
    try:
        g.frame_ancestors = [client.login_origin()]  # ID-porten's logout page frames this one
    except Exception:  # noqa: BLE001 - without metadata nobody may frame us; the flow reports why
        g.frame_ancestors = []
    try:
        params = FrontChannelLogoutSchema().load(single_values(request.args))
    except ValidationError as error:
        raise LoginRefused("failed", "malformed_frontchannel", fields=sorted(error.messages)) from error
    flow.front_channel_logout(params["iss"], params["sid"])
    return render_template("auth/frontchannel-logout.html")


# Going on before the session ends, and a form kept across a new login: routes on this blueprint.
from app.auth import session_views  # noqa: E402, F401
