"""Staff login, the provider's callback, both kinds of logout: as for citizens (app/auth/views.py),
under the staff prefix, into the staff realm's session."""

from __future__ import annotations

from flask import Blueprint, redirect, request
from marshmallow import ValidationError

from app.auth import realm_views
from app.auth.refusals import LoginRefused
from app.auth.step_up import redirect_away
from app.domain.capabilities import Capability
from app.policy import public, staff_requires
from app.schemas import single_values
from app.schemas.staff_auth import StaffLoginStartSchema
from app.security import csrf
from app.sessions import STAFF_PREFIX
from app.staff import current, login
from app.staff.idp import STAFF_IDP

bp = Blueprint("staff_auth", __name__, url_prefix=STAFF_PREFIX)
LOGOUT_STATE_COOKIE = "minplan_staff_logout_state"
LOGOUT = realm_views.Logout(
    STAFF_IDP, LOGOUT_STATE_COOKIE, "staff_auth.logged_out", "staff/logged-out.html", login.front_channel_logout
)


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
    return redirect(login.finish_login(realm_views.callback_params()), code=303)


@bp.post("/logg-ut")
@public
@csrf.exempt
def logout():
    """Exempt from CSRF for the reason the citizens' logout is (app/auth/views.py): logging out must
    work after the session has expired, and a forged logout only logs out."""
    return LOGOUT.to_provider(login.start_logout())


@bp.post("/okt/fortsett")
@staff_requires(Capability.STAFF)
def extend_session():
    """ "Go on" in the warning before the staff session ends, as for citizens (app/auth/session_views.py)."""
    return realm_views.extended(login.staff_next(request.form.get("next")))


@bp.get("/logg-ut/ferdig")
@public
def logged_out():
    return LOGOUT.came_back()


@bp.get("/logg-ut/frontkanal")
@public
def frontchannel_logout():
    return LOGOUT.front_channel()
