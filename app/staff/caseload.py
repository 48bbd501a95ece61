"""The coordinator's caseload: the plans they are appointed to, each with what needs them (the
person's proposals, evaluations saying it is hard, a revision date near or passed, a consent about
to end, a case's deadline), most urgent first, with the counts at the top."""

from __future__ import annotations

from flask import Blueprint, render_template

from app import db
from app.domain.capabilities import Capability
from app.policy import staff_requires
from app.services import staff_plans
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_caseload", __name__, url_prefix=STAFF_PREFIX)


@bp.get("/planer")
@staff_requires(Capability.CASELOAD_READ)
def caseload():
    return render_template("staff/caseload.html", plans=staff_plans.caseload(db.db_session(), staff_actor()))
