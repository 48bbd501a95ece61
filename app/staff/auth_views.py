"""Staff login, the provider's callback, both kinds of logout: as for citizens (app/auth/views.py),
under the staff prefix, into the staff realm's session."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from marshmallow import ValidationError

from app.auth import attempts, flow
from app.auth.refusals import LoginRefused
from app.auth.step_up import redirect_away
from app.domain.capabilities import Capability
from app.policy import public, staff_requires
from app.schemas import single_values
from app.schemas.auth import CallbackSchema, FrontChannelLogoutSchema, LogoutReturnSchema
from app.schemas.staff_auth import StaffLoginStartSchema
from app.security import csrf
from app.sessions import STAFF_PREFIX, extend, time_left
from app.staff import current, login
from app.staff.idp import STAFF_IDP

bp = Blueprint("staff_auth", __name__, url_prefix=STAFF_PREFIX)
LOGOUT_STATE_COOKIE = "minplan_staff_logout_state"
LOGOUT_STATE_MAX_AGE_SECONDS = 15 * 60


@bp.get("/logg-inn")
@public
def login_start():
    try:
        args = StaffLoginStartSchema().load(single_values(request.args))
    except ValidationError as error:
        raise LoginRefused("failed", "malformed_login_request", fields=sorted(error.messages)) from error
    next_url = login.staff_next(args["next"])
    if current.is_logged_in() and not args["fresh"]:
        return redirect(next_url, code=303)
    return redirect_away(login.start_login(next_url, args["fresh"]))


@bp.get("/logg-inn/callback")
@public
def callback():
    try:
        params = CallbackSchema().load(single_values(request.args))
    except ValidationError as error:
        attempts.take(request.args.get("state"))
        raise LoginRefused("failed", "malformed_callback", fields=sorted(error.messages)) from error
    return redirect(login.finish_login(params), code=303)


@bp.post("/logg-ut")
@public
@csrf.exempt
def logout():
    """Exempt from CSRF for the reason the citizens' logout is (app/auth/views.py): logging out must
    work after the session has expired, and a forged logout only logs out."""
    step = login.start_logout()
    response = redirect_away(step.url)
    response.set_cookie(
        LOGOUT_STATE_COOKIE,
        step.state,
        max_age=LOGOUT_STATE_MAX_AGE_SECONDS,
        path=url_for("staff_auth.logged_out"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.post("/okt/fortsett")
@staff_requires(Capability.STAFF)
def extend_session():
    """ "Go on" in the warning before the staff session ends, as for citizens (app/auth/session_views.py)."""
    extend(session)
    if request.accept_mimetypes.best == "application/json":
        idle, absolute = time_left(current_app, session)
        return jsonify(idle_seconds=idle, absolute_seconds=absolute)
    return redirect(login.staff_next(request.form.get("next")), code=303)


@bp.get("/logg-ut/ferdig")
@public
def logged_out():
    try:
        state = LogoutReturnSchema().load(single_values(request.args))["state"]
    except ValidationError:
        state = None
    confirmed = flow.finish_logout(state, request.cookies.get(LOGOUT_STATE_COOKIE))
    response = make_response(render_template("staff/logged-out.html", confirmed=confirmed), 200 if confirmed else 400)
    response.delete_cookie(
        LOGOUT_STATE_COOKIE,
        path=url_for("staff_auth.logged_out"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
    return response


@bp.get("/logg-ut/frontkanal")
@public
def frontchannel_logout():
    try:
        g.frame_ancestors = [STAFF_IDP.login_origin()]
    except Exception:  # noqa: BLE001 - without metadata nobody may frame us; the flow reports why
        g.frame_ancestors = []
    try:
        params = FrontChannelLogoutSchema().load(single_values(request.args))
    except ValidationError as error:
        raise LoginRefused("failed", "malformed_frontchannel", fields=sorted(error.messages)) from error
    login.front_channel_logout(params["iss"], params["sid"])
    return render_template("auth/frontchannel-logout.html")
