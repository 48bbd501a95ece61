"""A version of the plan: what it held when it was revised with the person, and what went well
and what changes. A parent of a 12–15-year-old sees no goal she keeps from them in it, nor what
serves one."""

from __future__ import annotations

from flask import render_template

from app import db
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.plan import bp
from app.policy import found_or_404, requires
from app.services import plans, revisions


@bp.get("/plan/versjoner/<int:number>")
@requires(Capability.PLAN_READ)
def version(number: int):
    acting, s = actor(), db.db_session()
    plan = found_or_404(plans.plan_seen_by(s, acting))
    found = found_or_404(revisions.version_for_actor(s, acting, plan, number))
    plans.record_plan_read(s, acting, plan)
    return render_template("plan/version.html", owner=acting.subject, plan=plan, **found)
