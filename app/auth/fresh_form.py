"""Time to type, but only on a form that was shown under a fresh login.

Giving a fullmakt or a consent needs a login at most 15 minutes old. A person who opened the
form under such a login may take another 15 minutes to fill it in and send it, without being
sent to log in again (`policy.FreshLogin.typing_time`). That extra time is for the form she was
shown, not for anyone at her browser later: the page carries a stamp, signed by the app, naming
the login it was shown under while that login was fresh and the address the form is sent to. A
form sent in the extra time counts only with the stamp of this very login for this very address;
one sent straight to the address, with another form's stamp, or from a page shown under an older
login, is sent to log in again (what was typed is kept, as for any late form)."""

from __future__ import annotations

import hmac

from flask import current_app, request, session
from itsdangerous import BadData, URLSafeSerializer

from app.auth import current

FIELD = "login_stamp"
_SALT = "minplan-fresh-form"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


def _login() -> str | None:
    """This login, as the session knows it: its time and level (a new login is another stamp)."""
    auth_time, acr = session.get("auth_time"), session.get("acr")
    if not isinstance(auth_time, (int, float)) or not isinstance(acr, str):
        return None
    return f"{auth_time!r}|{acr}"


def stamp(acr: str, max_age: int, action: str) -> str:
    """The stamp for a form that is sent to `action`: empty unless the login is at least `acr` and
    at most `max_age` old now, or the form shown again (with what to fix) came with this login's
    stamp for this address and keeps it."""
    if request.method == "POST" and request.path == action and stamped_under_this_login():
        return request.form[FIELD]
    login = _login()
    if login is None or not current.login_is_fresh(acr, max_age):
        return ""
    return _serializer().dumps(f"{login}|{action}")


def stamped_under_this_login() -> bool:
    """Whether the form sent now carries the stamp of this session's login for this address."""
    sent, login = request.form.get(FIELD), _login()
    if not sent or login is None:
        return False
    try:
        stamped = _serializer().loads(sent)
    except BadData:
        return False
    return isinstance(stamped, str) and hmac.compare_digest(stamped, f"{login}|{request.path}")
