"""The staff side's front page: who is logged in, their roles, and the way to their work."""

from __future__ import annotations

from flask import Blueprint, render_template

from app import db
from app.domain.capabilities import Capability
from app.policy import staff_requires
from app.services import staff as staff_service
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff", __name__, url_prefix=STAFF_PREFIX)


@bp.get("/")
@staff_requires(Capability.STAFF)
def home():
    staff = staff_actor()
    return render_template("staff/home.html", roles=staff_service.active_roles(db.db_session(), staff.member.id))
