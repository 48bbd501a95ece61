"""The plan: reading it, and saying how a goal is going (issue 5, the parts issue 4 needs)."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from app import db
from app.actor import actor
from app.capabilities import Capability
from app.policy import requires
from app.schemas import field_errors
from app.schemas.plan import EvaluationSchema
from app.services import plans

bp = Blueprint("plan", __name__)
NOTICE_KEY = "plan_notice"


def _render(status: int = 200, **form_state):
    acting, s = actor(), db.db_session()
    plan = plans.plan_for(s, acting.subject.id)
    if plan is not None and status == 200:
        plans.record_read(s, acting, plan)
    goals = plans.visible_goals(plan, acting) if plan else []
    return render_template("plan/plan.html", plan=plan, goals=goals, owner=acting.subject,
                           may_contribute=acting.can(Capability.PLAN_CONTRIBUTE),
                           notice=session.pop(NOTICE_KEY, None), **form_state), status


@bp.get("/plan")
@requires(Capability.PLAN_READ)
def show():
    return _render()


@bp.post("/plan/mal/<int:goal_id>/hvordan-gar-det")
@requires(Capability.PLAN_CONTRIBUTE)
def evaluate(goal_id: int):
    s = db.db_session()
    goal = plans.goal_for_actor(s, actor(), goal_id)
    if goal is None:  # another person's goal, a hidden one, or a guess: no hint which
        abort(403)
    typed = {"rating": request.form.get("rating", ""), "comment": request.form.get("comment", "")}
    try:
        data = EvaluationSchema().load({k: v for k, v in typed.items() if v.strip()})
    except ValidationError as error:
        return _render(422, errors=field_errors(error), error_goal_id=goal_id, typed=typed)
    plans.evaluate(s, actor(), goal, data["rating"], (data.get("comment") or "").strip())
    session[NOTICE_KEY] = goal_id
    return redirect(url_for("plan.show", _anchor=f"goal-{goal_id}"), code=303)
