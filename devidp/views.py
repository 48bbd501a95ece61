"""The stand-in's endpoints: discovery, keys, login page, token, end session.

Both realms share them; the login page and form are the realm's own (TestID, or staff login).
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urlencode

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from flask import Blueprint, current_app, jsonify, render_template, request
from marshmallow import ValidationError

from app import assurance_levels
from app.demo.data import PERSONS
from app.demo.staff import STAFF
from devidp.forms import LoginForm, StaffLoginForm
from devidp.realms import IDPORTEN
from devidp.store import LoggedInUser

bp = Blueprint("devidp", __name__)
SSO_COOKIE = IDPORTEN.sso_cookie  # ID-porten's; the staff realm's is devidp_staff_sso
UI_LOCALES = ("nb", "nn", "en", "se")


def _idp():
    return current_app.extensions["devidp"]


@bp.get("/.well-known/openid-configuration")
def discovery():
    return jsonify(_idp().realm.discovery(_idp().issuer))


@bp.get("/jwks.json")
def jwks():
    return jsonify(_idp().store.jwks())


@bp.post("/token")
def token():
    return _idp().server.create_token_response()


def _sso_cookie() -> str:
    return _idp().realm.sso_cookie


def _required_acr() -> str:
    return _idp().realm.required_acr(request.args.get("acr_values"))


def _ui_locale() -> str:
    for code in (request.args.get("ui_locales") or "").split():
        if code in UI_LOCALES:
            return code
    return "nb"


def _authorization_error(error: OAuth2Error):
    """Errors go back to the client when its redirect URI is known, with `iss`; otherwise a page."""
    error.state = request.args.get("state")
    if error.redirect_uri:
        status, _body, headers = error(None)
        location = add_params_to_uri(dict(headers)["Location"], {"iss": _idp().issuer})
        return current_app.response_class(status=302, headers={"Location": location})
    return render_template("devidp/error.html", description=error.description or error.error), 400


def _issue_code(grant, user: LoggedInUser):
    idp = _idp()
    idp.store.log_in(user, grant.request.client.client_id, grant.request.payload.redirect_uri)
    response = idp.server.create_authorization_response(grant_user=user, grant=grant)
    response.set_cookie(_sso_cookie(), user.sid, httponly=True, samesite="Lax", path="/")
    return response


def _reusable_login(grant):
    """Single sign-on: an earlier login in this browser, in this realm, that is still good enough."""
    session = _idp().store.sso_session(request.cookies.get(_sso_cookie()))
    prompt = (request.args.get("prompt") or "").split()
    max_age = request.args.get("max_age")
    if session is None or "login" in prompt:
        return None
    if not _idp().realm.satisfies(session.user.acr, _required_acr()):
        return None
    if max_age and (not max_age.isdigit() or time.time() - session.user.auth_time > int(max_age)):
        return None
    return session.user


@bp.route("/authorize", methods=["GET", "POST"])
def authorize():
    idp = _idp()
    try:
        grant = idp.server.get_consent_grant(end_user=None)
    except OAuth2Error as error:
        return _authorization_error(error)
    required = _required_acr()
    if request.method == "GET":
        reusable = _reusable_login(grant)
        if reusable is not None:
            return _issue_code(grant, reusable)
        return _login_page(grant, required)
    staff = idp.realm.name == "staff"
    try:
        form = (StaffLoginForm() if staff else LoginForm(required)).load(request.form.to_dict(flat=True))
    except ValidationError as error:
        typed = request.form.get("username" if staff else "pid", "")[:64]
        return _login_page(grant, required, errors=error.messages, typed=typed), 422
    if form["action"] == "cancel":
        return idp.server.create_authorization_response(grant_user=None, grant=grant)
    who = form["chosen_username"] if staff else form["chosen_pid"]
    existing = idp.store.sso_session(request.cookies.get(_sso_cookie()))
    same_person = existing is not None and existing.user.who == who
    user = LoggedInUser(
        pid=None if staff else who,
        username=who if staff else None,
        acr=form["acr"],
        auth_time=int(time.time()),
        locale=_ui_locale(),
        sid=existing.sid if same_person else secrets.token_urlsafe(24),
        **({"amr": form["amr"]} if staff else {}),
    )
    return _issue_code(grant, user)


def _login_page(grant, required: str, errors: dict | None = None, typed: str = ""):
    if _idp().realm.name == "staff":
        return render_template(
            "devidp/staff-login.html",
            client=grant.request.client,
            staff=STAFF,
            errors=errors or {},
            typed=typed,
            picked=request.form.get("staff", ""),
            method=request.form.get("method", "mfa"),
            query=request.query_string.decode(),
        )
    return render_template(
        "devidp/login.html",
        client=grant.request.client,
        levels=assurance_levels.at_least(required),
        persons=PERSONS,
        errors=errors or {},
        typed=typed,
        query=request.query_string.decode(),
    )


@bp.route("/logout", methods=["GET", "POST"])
def end_session():
    """RP-initiated logout: end the login session, then call every client's front-channel URI."""
    idp = _idp()
    try:
        logout = idp.server.validate_endpoint_request("end_session")
    except OAuth2Error as error:
        return render_template("devidp/error.html", description=error.description or error.error), 400
    claims = logout.id_token_claims or {}
    sid = claims.get("sid") if claims.get("iss") == idp.issuer else None
    ended = idp.store.end_sso_session(sid or request.cookies.get(_sso_cookie()))
    frames = []
    if ended is not None:
        for client_id, redirect_uri in ended.clients.items():
            client = idp.clients.get(client_id)
            if client is not None:
                query = urlencode({"iss": idp.issuer, "sid": ended.sid})
                frames.append(f"{client.frontchannel_logout_uri(redirect_uri)}?{query}")
    response = current_app.make_response(
        render_template("devidp/logged-out.html", frames=frames, redirect_uri=logout.redirect_uri)
    )
    response.delete_cookie(_sso_cookie(), path="/")
    return response
