"""The week pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, render_template, request

from app import db
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.domain.clock import today
from app.policy import requires
from app.services import week
from app.week import bp


@bp.get("/plan/denne-uka")
@requires(Capability.PLAN_READ)
def show():
    asked = request.args.getlist("uke")
    this_monday = week.monday_of(today())
    monday = week.parse_week(asked[0]) if len(asked) == 1 else this_monday if not asked else None
    if monday is None:
        abort(404)
    acting, s = actor(), db.db_session()
    schedule = week.schedule_for_actor(s, acting)
    return render_template(
        "week/this-week.html",
        owner=acting.subject,
        has_plan=schedule is not None,
        days=week.days_of_week(schedule, monday) if schedule else [],
        monday=monday,
        sunday=monday + timedelta(days=6),
        is_this_week=monday == this_monday,
        today=today(),
        previous=week.neighbour(monday, -1),
        next=week.neighbour(monday, 1),
    )
