"""The staff side's front page: who is logged in, their roles, and the way to their work."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from app import db
from app.domain.capabilities import Capability
from app.i18n import normalise
from app.policy import public, staff_requires
from app.security import same_origin_only
from app.services import staff as staff_service
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor
from app.urls import safe_next

bp = Blueprint("staff", __name__, url_prefix=STAFF_PREFIX)


@bp.get("/")
@staff_requires(Capability.STAFF)
def home():
    staff = staff_actor()
    return render_template("staff/home.html", roles=staff_service.active_roles(db.db_session(), staff.member.id))


@bp.post("/sprak")
@public
@same_origin_only
def choose_language():
    """The staff side's language: its session lives under /ansatt, out of reach of the citizens'
    /sprak, so the choice is kept in it here (the staff pages' menu sends it here)."""
    locale = normalise(request.form.get("locale"))
    if locale is None:
        abort(400)
    session["locale"] = locale
    return redirect(safe_next(request.form.get("next"), default=url_for("staff.home")), code=303)
