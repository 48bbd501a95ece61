"""Language and easy-read choices: plain forms that work without JavaScript."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, request, session

from app import easyread
from app.i18n import normalise
from app.policy import public
from app.urls import safe_next

bp = Blueprint("preferences", __name__)

@bp.post("/sprak")
@public
def choose_language():
    locale = normalise(request.form.get("locale"))
    if locale is None:
        abort(400)
    session["locale"] = locale
    return redirect(safe_next(request.form.get("next")), code=303)


@bp.post("/lettlest")
@public
def toggle_easy_read():
    wanted = request.form.get("easy_read")
    if wanted not in ("on", "off"):
        abort(400)
    easyread.set_mode(wanted == "on")
    return redirect(safe_next(request.form.get("next")), code=303)
