"""What the citizens' auth blueprint (app/auth/views.py) and the staff's (app/staff/auth_views.py)
answer alike: each realm has its own provider, cookie, endpoints and pages, the same steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, g, jsonify, make_response, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from app.auth import attempts, flow
from app.auth.oidc import Provider
from app.auth.refusals import LoginRefused
from app.auth.step_up import redirect_away
from app.schemas import single_values
from app.schemas.auth import CallbackSchema, FrontChannelLogoutSchema, LogoutReturnSchema
from app.sessions import extend, time_left

# The state sent to the provider at logout waits in a cookie of its own, not in the session: the
# session is ended by then (or had expired already), and an anonymous press on "Logg ut" must
# not create a session row.
LOGOUT_STATE_MAX_AGE_SECONDS = 15 * 60


def callback_params() -> dict:
    """The provider's answer to a login, or LoginRefused; a garbled one still uses up its attempt."""
    try:
        return CallbackSchema().load(single_values(request.args))
    except ValidationError as error:
        attempts.take(request.args.get("state"))
        raise LoginRefused("failed", "malformed_callback", fields=sorted(error.messages)) from error


def extended(back_to: str) -> Response:
    """ "Go on" in the warning before the session ends: the idle time starts anew. The script asks
    for JSON and gets the time left; without it, the form goes back to `back_to`."""
    extend(session)
    if request.accept_mimetypes.best == "application/json":
        idle, absolute = time_left(current_app, session)
        return jsonify(idle_seconds=idle, absolute_seconds=absolute)
    return redirect(back_to, code=303)


@dataclass(frozen=True)
class Logout:
    """One realm's logout: to the provider with a state, back to `done_endpoint` showing `page`,
    and the provider's front-channel call ending the realm's sessions by `end(iss, sid)`."""

    provider: Provider
    state_cookie: str
    done_endpoint: str
    page: str
    end: Callable[[str, str], int]

    def to_provider(self, step: flow.LogoutStep) -> Response:
        response = redirect_away(step.url)
        response.set_cookie(
            self.state_cookie,
            step.state,
            max_age=LOGOUT_STATE_MAX_AGE_SECONDS,
            path=url_for(self.done_endpoint),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response

    def came_back(self) -> Response:
        try:
            state = LogoutReturnSchema().load(single_values(request.args))["state"]
        except ValidationError:
            state = None
        confirmed = flow.finish_logout(state, request.cookies.get(self.state_cookie))
        response = make_response(render_template(self.page, confirmed=confirmed), 200 if confirmed else 400)
        response.delete_cookie(
            self.state_cookie,
            path=url_for(self.done_endpoint),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            samesite="Lax",
        )
        return response

    def front_channel(self) -> str:
        try:
            g.frame_ancestors = [self.provider.login_origin()]  # the provider's logout page frames this one
        except Exception:  # noqa: BLE001 - without metadata nobody may frame us; the flow reports why
            g.frame_ancestors = []
        try:
            params = FrontChannelLogoutSchema().load(single_values(request.args))
        except ValidationError as error:
            raise LoginRefused("failed", "malformed_frontchannel", fields=sorted(error.messages)) from error
        self.end(params["iss"], params["sid"])
        return render_template("auth/frontchannel-logout.html")
