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
from app.services import plans, representations

bp = Blueprint("plan", __name__)
NOTICE_KEY = "plan_notice"


def _render(status: int = 200, **form_state):
    acting, s = actor(), db.db_session()
    plan = plans.plan_for(s, acting.subject.id)
    if plan is not None and status == 200:
        plans.record_read(s, acting, plan)
    goals = plans.visible_goals(plan, acting) if plan else []
    return render_template("plan/plan.html", plan=plan, goals=goals, owner=acting.subject,
                           measures=plans.measures_for(s, plan),
                           may_contribute=acting.can(Capability.PLAN_CONTRIBUTE),
                           may_keep_private=plans.may_keep_goals_private(acting, representations.today()),
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


@bp.post("/plan/mal/<int:goal_id>/skjul-for-foreldre")
@requires(Capability.PLAN_CONTRIBUTE)
def keep_private(goal_id: int):
    acting, s = actor(), db.db_session()
    if not plans.may_keep_goals_private(acting, representations.today()):
        abort(403)
    goal = plans.goal_for_actor(s, acting, goal_id)
    wanted, expected = request.form.get("private"), request.form.get("expected")
    if goal is None or wanted not in ("on", "off") or expected not in ("on", "off"):
        abort(403 if goal is None else 400)
    changed = plans.set_private(s, acting, goal, wanted == "on", expected == "on")
    session[NOTICE_KEY] = goal_id if changed else f"stale-{goal_id}"
    return redirect(url_for("plan.show", _anchor=f"goal-{goal_id}"), code=303)


@bp.get("/plan/utskrift")
@requires(Capability.PLAN_READ)
def print_view():
    """The whole plan on A4, readable in black and white, with nothing to press (issue 5 §5)."""
    acting, s = actor(), db.db_session()
    plan = plans.plan_for(s, acting.subject.id)
    if plan is not None:
        plans.record_read(s, acting, plan)
    return render_template("plan/print.html", plan=plan, owner=acting.subject, today=representations.today(),
                           measures=plans.measures_for(s, plan),
                           goals=plans.visible_goals(plan, acting) if plan else [])
