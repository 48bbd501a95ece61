"""What a visitor may choose without logging in (language, easy-read), kept in a signed cookie of
its own and never in a session row: an anonymous visit creates nothing on the server, and the
page that says the database is down can still speak the person's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface
from itsdangerous import BadSignature, URLSafeSerializer

from app.i18n import normalise

CHOICES = ("locale", "easy_read")
CHOICES_COOKIE = "minplan_choices"
# A signed choice of two short values is far below this; anything longer is not ours.
LONGEST_COOKIE = 200


def _serializer(app: Flask) -> URLSafeSerializer:
    return URLSafeSerializer(app.secret_key, salt="minplan-choices")


def read(app: Flask, request: Request) -> dict[str, Any]:
    """The choices the cookie holds, those that are valid; nothing for a forged or odd cookie."""
    cookie = request.cookies.get(CHOICES_COOKIE)
    if not cookie or len(cookie) > LONGEST_COOKIE:
        return {}
    try:
        data = _serializer(app).loads(cookie)
    except BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    choices: dict[str, Any] = {}
    if isinstance(data.get("locale"), str) and normalise(data["locale"]):
        choices["locale"] = normalise(data["locale"])
    if isinstance(data.get("easy_read"), bool):
        choices["easy_read"] = data["easy_read"]
    return choices


def of(session: dict[str, Any]) -> dict[str, Any]:
    return {key: session[key] for key in CHOICES if key in session}


def save(app: Flask, interface: SessionInterface, choices: dict[str, Any], before: dict[str, Any], response: Response):
    """Set the cookie when the choices changed during the request, or remove it when none is left."""
    if choices == before:
        return
    where = {
        "path": interface.get_cookie_path(app),
        "secure": interface.get_cookie_secure(app),
        "samesite": interface.get_cookie_samesite(app),
    }
    if choices:
        response.set_cookie(CHOICES_COOKIE, _serializer(app).dumps(choices), httponly=True, **where)
    else:
        response.delete_cookie(CHOICES_COOKIE, **where)
