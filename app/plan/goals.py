"""One goal: how it is going ("Hvordan går det?"), its history, changing its words, and keeping
it from parents. A goal the actor may not see is answered like one that does not exist (404)."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.plan import bp
from app.policy import found_or_404, may, requires
from app.schemas.base import load_form
from app.schemas.plan import EvaluationSchema, GoalWordsSchema
from app.services import plans


def _goal_or_404(goal_id: int):
    """The goal to show; the read is recorded by the lookup."""
    return found_or_404(plans.goal_for_actor(db.db_session(), actor(), goal_id))


def _goal_to_change_or_404(goal_id: int):
    """The goal a form changes: the change records itself, and a form shown again is no new read."""
    return found_or_404(plans.goal_to_change(db.db_session(), actor(), goal_id))


def _render_goal(goal, status: int = 200, **form_state):
    acting = actor()
    # A one-time token in the form: the same form sent twice stores one evaluation.
    return render_template(
        "plan/goal.html",
        goal=goal,
        owner=acting.subject,
        form_token=secrets.token_urlsafe(24),
        may_contribute=may(Capability.PLAN_CONTRIBUTE),
        may_keep_private=may(Capability.GOAL_KEEP_PRIVATE),
        **form_state,
    ), status


def _to_goal(goal_id: int, notice: str, category: str = notices.SUCCESS):
    flash(notice, category)
    return redirect(url_for("plan.goal", goal_id=goal_id), code=303)


def _saved() -> str:
    return gettext("Endringen er lagret.")


@bp.get("/plan/mal/<int:goal_id>")
@requires(Capability.PLAN_READ)
def goal(goal_id: int):
    return _render_goal(_goal_or_404(goal_id))


@bp.post("/plan/mal/<int:goal_id>/hvordan-gar-det")
@requires(Capability.PLAN_CONTRIBUTE)
def evaluate(goal_id: int):
    goal = _goal_to_change_or_404(goal_id)
    loaded = load_form(EvaluationSchema(), request.form)
    data, typed = loaded.data, loaded.typed
    if "form_token" in loaded.errors:
        abort(400)  # a form we never made
    if not loaded.ok:
        return _render_goal(goal, 422, errors=loaded.errors, typed=typed)
    try:
        plans.evaluate(db.db_session(), actor(), goal, data["rating"], data["comment"] or "", data["form_token"])
    except plans.FormAlreadyUsed:
        message = gettext(
            "Dette skjemaet er allerede sendt med et annet svar. Se svaret som er lagret nedenfor, "
            "og send igjen hvis du vil si mer."
        )
        return _render_goal(_goal_to_change_or_404(goal_id), 409, errors={"rating": [message]}, typed=typed)
    return _to_goal(goal_id, gettext("Takk! Vi har lagret det."))


@bp.post("/plan/mal/<int:goal_id>/skjul-for-foreldre")
@requires(Capability.GOAL_KEEP_PRIVATE, resent_after_login=False)  # "show it to my parents" shares it
def keep_private(goal_id: int):
    acting = actor()
    goal = _goal_to_change_or_404(goal_id)
    wanted, expected = request.form.get("private"), request.form.get("expected")
    if wanted not in ("on", "off") or expected not in ("on", "off"):
        abort(400)
    changed = plans.set_private(db.db_session(), acting, goal, wanted == "on", expected == "on")
    if not changed:
        # Only she herself can change this (another tab, or Back and the same form again): what is true now.
        if _goal_to_change_or_404(goal_id).private_from_parents:
            return _to_goal(goal_id, gettext("Målet er allerede skjult for foreldrene dine."), notices.INFO)
        return _to_goal(goal_id, gettext("Målet er allerede synlig for foreldrene dine."), notices.INFO)
    return _to_goal(goal_id, _saved())


def _render_edit(goal, status: int = 200, **state):
    return render_template("plan/goal-edit.html", goal=goal, owner=actor().subject, **state), status


@bp.get("/plan/mal/<int:goal_id>/endre")
@requires(Capability.PLAN_CONTRIBUTE)
def edit_goal(goal_id: int):
    goal = _goal_or_404(goal_id)
    return _render_edit(goal, typed=plans.GoalWords.of(goal).__dict__, read_version=goal.version, errors={})


@bp.post("/plan/mal/<int:goal_id>/endre")
@requires(Capability.PLAN_CONTRIBUTE)
def save_goal(goal_id: int):
    goal, s = _goal_to_change_or_404(goal_id), db.db_session()
    loaded = load_form(GoalWordsSchema(), request.form)
    data, typed = loaded.data, loaded.typed
    if not loaded.ok:
        if "version" in loaded.errors:  # a form we never made: nothing to keep
            abort(400)
        return _render_edit(goal, 422, typed=typed, read_version=typed["version"], errors=loaded.errors)
    words = plans.GoalWords(data["text"], data["own_resources"], data["network_help"], data["needs"])
    if not plans.change_goal(s, actor(), goal, words, data["version"]):
        goal = _goal_to_change_or_404(goal_id)  # as it is now: the service's rollback let go of the old
        # Both versions side by side; saving again now knowingly replaces theirs (GOV.UK "conflict" pattern).
        return _render_edit(goal, 409, typed=typed, read_version=goal.version, conflict=True, errors={"conflict": []})
    return _to_goal(goal_id, _saved())
