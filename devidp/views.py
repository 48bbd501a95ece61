"""The stand-in's endpoints: discovery, keys, login page, token, end session."""

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
from devidp.forms import LoginForm
from devidp.store import LoggedInUser

bp = Blueprint("devidp", __name__)
SSO_COOKIE = "devidp_sso"
UI_LOCALES = ("nb", "nn", "en", "se")


def _idp():
    return current_app.extensions["devidp"]


@bp.get("/.well-known/openid-configuration")
def discovery():
    issuer = _idp().issuer
    return jsonify(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "end_session_endpoint": f"{issuer}/logout",
            "jwks_uri": f"{issuer}/jwks.json",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "scopes_supported": ["openid", "profile"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(assurance_levels.LEVELS),
            "ui_locales_supported": list(UI_LOCALES),
            "claims_supported": [
                "iss",
                "sub",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "acr",
                "amr",
                "pid",
                "locale",
                "sid",
                "at_hash",
                "jti",
            ],
            "authorization_response_iss_parameter_supported": True,
            "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True,
        }
    )


@bp.get("/jwks.json")
def jwks():
    return jsonify(_idp().store.jwks())


@bp.post("/token")
def token():
    return _idp().server.create_token_response()


def _required_acr() -> str:
    asked = (request.args.get("acr_values") or "").split()
    levels = [level for level in asked if assurance_levels.is_known(level)]
    return max(levels, key=assurance_levels.rank) if levels else assurance_levels.SUBSTANTIAL


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
    response.set_cookie(SSO_COOKIE, user.sid, httponly=True, samesite="Lax", path="/")
    return response


def _reusable_login(grant):
    """ID-porten's single sign-on: an earlier login in this browser that is still good enough."""
    session = _idp().store.sso_session(request.cookies.get(SSO_COOKIE))
    prompt = (request.args.get("prompt") or "").split()
    max_age = request.args.get("max_age")
    if session is None or "login" in prompt:
        return None
    if not assurance_levels.satisfies(session.user.acr, _required_acr()):
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
    try:
        form = LoginForm(required).load(request.form.to_dict(flat=True))
    except ValidationError as error:
        return _login_page(grant, required, errors=error.messages, typed=request.form.get("pid", "")[:40]), 422
    if form["action"] == "cancel":
        return idp.server.create_authorization_response(grant_user=None, grant=grant)
    existing = idp.store.sso_session(request.cookies.get(SSO_COOKIE))
    same_person = existing is not None and existing.user.pid == form["chosen_pid"]
    user = LoggedInUser(
        pid=form["chosen_pid"],
        acr=form["acr"],
        auth_time=int(time.time()),
        locale=_ui_locale(),
        sid=existing.sid if same_person else secrets.token_urlsafe(24),
    )
    return _issue_code(grant, user)


def _login_page(grant, required: str, errors: dict | None = None, typed: str = ""):
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
    ended = idp.store.end_sso_session(sid or request.cookies.get(SSO_COOKIE))
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
    response.delete_cookie(SSO_COOKIE, path="/")
    return response
