"""The preferences pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import abort, redirect, request, session

from app import db, easyread
from app.auth import current
from app.i18n import normalise
from app.policy import public
from app.preferences import bp
from app.security import same_origin_only
from app.services.people import save_preferences
from app.urls import safe_next


@bp.post("/sprak")
@public
@same_origin_only
def choose_language():
    locale = normalise(request.form.get("locale"))
    if locale is None:
        abort(400)
    session["locale"] = locale
    if current.is_logged_in():
        save_preferences(db.db_session(), current.person().id, locale=locale)
    return redirect(safe_next(request.form.get("next")), code=303)


@bp.post("/lettlest")
@public
@same_origin_only
def toggle_easy_read():
    wanted = request.form.get("easy_read")
    if wanted not in ("on", "off"):
        abort(400)
    easyread.set_mode(wanted == "on")
    if current.is_logged_in():
        save_preferences(db.db_session(), current.person().id, easy_read=wanted == "on")
    return redirect(safe_next(request.form.get("next")), code=303)
