"""The coordinator writes the nine parts of a person's plan (the nine parts the regulation on individuell plan asks for): goals with their life
area, resources and needs; who takes part and which goals they serve; measures with what, how
much, who is responsible, how and when; the plan period and its revision; the consent from paper.

Only the appointed coordinator opens these pages (anyone else: 404 and a log line); every page
shown is in the person's access log; every form carries the version it was read at, so a
coordinator who saves over a change made meanwhile gets 409 with both versions and keeps what
they typed. A refused form answers 422 with all its messages and everything typed."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess
from app.policy import found_or_404, staff_requires
from app.schemas.base import load_form, named_errors
from app.schemas.plan_editor import (
    REFUSALS,
    GoalFormSchema,
    PaperConsentSchema,
    ParticipantFormSchema,
    PeriodSchema,
    RemoveSchema,
)
from app.services import plan_editor, planning, staff_plans
from app.sessions import STAFF_PREFIX
from app.staff import plan_editor_forms as forms
from app.staff.current import staff_actor

bp = Blueprint("staff_plan_editor", __name__, url_prefix=STAFF_PREFIX + "/planer/<int:plan_id>")


def _plan(plan_id: int):
    return found_or_404(plan_editor.plan_to_write(db.db_session(), staff_actor(), plan_id), refused="plan")


def _load(schema):
    """The posted form; a version that is no number is a form we never made: nothing typed to keep."""
    loaded = load_form(schema, request.form)
    if "version" in loaded.errors:
        abort(400)
    return loaded


def _page(template: str, plan, status: int = 200, **values):
    """An editor page: in the person's access log before it is shown, whatever answers with it (the
    page, a refused or a stale form)."""
    staff_plans.opened(db.db_session(), staff_actor(), plan, PlanAccess.COORDINATOR)
    return render_template(f"staff/plan_editor/{template}.html", plan=plan, **values), status


def _saved(plan, message: str):
    flash(message, notices.SUCCESS)
    return redirect(url_for("staff_plan_editor.overview", plan_id=plan.id), code=303)


@bp.get("/rediger")
@staff_requires(Capability.STAFF_PLAN_READ)
def overview(plan_id: int):
    plan = _plan(plan_id)
    content = plan_editor.content(db.db_session(), plan)
    return _page("overview", plan, content=content, describe=forms.describe_schedule)


# Goals.


def _goal_page(plan, goal, loaded=None, status=200, conflict=None):
    typed = loaded.typed if loaded else forms.goal_typed(goal)
    errors = loaded.errors if loaded else {}
    return _page("goal", plan, status, goal=goal, typed=typed, errors=errors, conflict=conflict)


@bp.get("/mal/ny")
@staff_requires(Capability.STAFF_PLAN_READ)
def new_goal(plan_id: int):
    plan = _plan(plan_id)
    return _goal_page(plan, None)


@bp.get("/mal/<int:goal_id>")
@staff_requires(Capability.STAFF_PLAN_READ)
def goal(plan_id: int, goal_id: int):
    plan = _plan(plan_id)
    found = found_or_404(plan_editor.goal_in(plan, goal_id), refused="goal")
    return _goal_page(plan, found)


@bp.post("/mal/ny")
@staff_requires(Capability.PLAN_WRITE)
def add_goal(plan_id: int):
    return _save_goal(plan_id, None)


@bp.post("/mal/<int:goal_id>")
@staff_requires(Capability.PLAN_WRITE)
def save_goal(plan_id: int, goal_id: int):
    return _save_goal(plan_id, goal_id)


def _save_goal(plan_id: int, goal_id: int | None):
    plan = _plan(plan_id)
    found = None if goal_id is None else found_or_404(plan_editor.goal_in(plan, goal_id), refused="goal")
    loaded = _load(GoalFormSchema())
    if not loaded.ok:
        return _goal_page(plan, found, loaded, 422)
    data = dict(loaded.data)
    version = data.pop("version")
    actor = plan_editor.actor_for(staff_actor(), plan)
    if found is None:
        planning.add_goal(db.db_session(), actor, plan, planning.GoalDetails(**data))
        return _saved(plan, gettext("Målet er lagt til i planen."))
    try:
        planning.change_goal(db.db_session(), actor, found, version or 0, planning.GoalDetails(**data))
    except planning.Stale as stale:
        return _goal_page(plan, stale.current, forms.with_version(loaded, stale.current), 409, conflict=stale.current)
    return _saved(plan, gettext("Målet er lagret."))


# Who takes part.


def _participant_page(plan, participant, loaded=None, status=200, conflict=None):
    goals_of = plan_editor.content(db.db_session(), plan).goals_of if participant else {}
    typed = loaded.typed if loaded else forms.participant_typed(participant, goals_of)
    errors = loaded.errors if loaded else {}
    return _page(
        "participant",
        plan,
        status,
        participant=participant,
        typed=typed,
        errors=errors,
        conflict=conflict,
    )


@bp.get("/deltakere/ny")
@staff_requires(Capability.STAFF_PLAN_READ)
def new_participant(plan_id: int):
    plan = _plan(plan_id)
    return _participant_page(plan, None)


@bp.get("/deltakere/<int:participant_id>")
@staff_requires(Capability.STAFF_PLAN_READ)
def participant(plan_id: int, participant_id: int):
    plan = _plan(plan_id)
    found = found_or_404(plan_editor.participant_in(plan, participant_id), refused="participant")
    return _participant_page(plan, found)


@bp.post("/deltakere/ny")
@staff_requires(Capability.PLAN_WRITE)
def add_participant(plan_id: int):
    return _save_participant(plan_id, None)


@bp.post("/deltakere/<int:participant_id>")
@staff_requires(Capability.PLAN_WRITE)
def save_participant(plan_id: int, participant_id: int):
    return _save_participant(plan_id, participant_id)


def _save_participant(plan_id: int, participant_id: int | None):
    plan = _plan(plan_id)
    found = None
    if participant_id is not None:
        found = found_or_404(plan_editor.participant_in(plan, participant_id), refused="participant")
    schema = ParticipantFormSchema()
    loaded = _load(schema)
    if not loaded.ok:
        return _participant_page(plan, found, loaded, 422)
    data = dict(loaded.data)
    version, goal_ids = data.pop("version"), data.pop("goals")
    session, actor = db.db_session(), plan_editor.actor_for(staff_actor(), plan)
    goals = plan_editor.goals_by_id(session, goal_ids)
    try:
        if len(goals) != len(set(goal_ids)):
            raise planning.NotInPlan()
        if found is None:
            planning.add_participant(session, actor, plan, planning.ParticipantDetails(**data), goals)
        else:
            planning.change_participant(session, actor, found, version or 0, planning.ParticipantDetails(**data), goals)
    except planning.NotInPlan:
        loaded.errors = named_errors(schema, {"goals": [str(REFUSALS["not_in_plan"])]})
        return _participant_page(plan, found, loaded, 422)
    except planning.Stale as stale:
        current = stale.current
        return _participant_page(plan, current, forms.with_version(loaded, current), 409, conflict=current or "gone")
    return _saved(plan, gettext("Deltakeren er lagret."))


@bp.post("/deltakere/<int:participant_id>/fjern")
@staff_requires(Capability.PLAN_WRITE)
def remove_participant(plan_id: int, participant_id: int):
    plan = _plan(plan_id)
    found = found_or_404(plan_editor.participant_in(plan, participant_id), refused="participant")
    loaded = _load(RemoveSchema())
    if not loaded.ok:
        return _participant_page(plan, found, None, 422)
    try:
        planning.remove_participant(
            db.db_session(), plan_editor.actor_for(staff_actor(), plan), found, loaded.data["version"]
        )
    except planning.Stale as stale:
        return _participant_page(plan, stale.current, None, 409, conflict=stale.current or "gone")
    return _saved(plan, gettext("Deltakeren er fjernet fra planen."))


# The plan period and the consent from paper.


def _period_page(plan, loaded=None, status=200, conflict=None):
    typed = loaded.typed if loaded else forms.period_typed(plan)
    return _page("period", plan, status, typed=typed, errors=loaded.errors if loaded else {}, conflict=conflict)


@bp.get("/periode")
@staff_requires(Capability.STAFF_PLAN_READ)
def period(plan_id: int):
    plan = _plan(plan_id)
    return _period_page(plan)


@bp.post("/periode")
@staff_requires(Capability.PLAN_WRITE)
def save_period(plan_id: int):
    plan = _plan(plan_id)
    schema = PeriodSchema()
    loaded = _load(schema)
    if loaded.ok:
        data = loaded.data
        try:
            planning.set_period(
                db.db_session(),
                plan_editor.actor_for(staff_actor(), plan),
                plan,
                data["version"],
                data["period_start"],
                data["period_end"],
                data["next_revision"],
            )
        except planning.PlanPartRefused as refused:
            loaded.errors = named_errors(schema, {f: [str(REFUSALS[c])] for f, c in refused.errors.items()})
        except planning.Stale as stale:
            return _period_page(stale.current, forms.with_version(loaded, stale.current), 409, conflict=stale.current)
        else:
            return _saved(plan, gettext("Planperioden er lagret."))
    return _period_page(plan, loaded, 422)


def _consent_page(plan, loaded=None, status=200, conflict=None):
    typed = loaded.typed if loaded else {"consented_on": "", "witness": "", "version": str(plan.version)}
    return _page("consent", plan, status, typed=typed, errors=loaded.errors if loaded else {}, conflict=conflict)


@bp.get("/samtykke")
@staff_requires(Capability.STAFF_PLAN_READ)
def consent(plan_id: int):
    plan = _plan(plan_id)
    return _consent_page(plan)


@bp.post("/samtykke")
@staff_requires(Capability.PLAN_WRITE)
def record_consent(plan_id: int):
    plan = _plan(plan_id)
    loaded = _load(PaperConsentSchema())
    if not loaded.ok:
        return _consent_page(plan, loaded, 422)
    data = loaded.data
    try:
        planning.record_paper_consent(
            db.db_session(),
            plan_editor.actor_for(staff_actor(), plan),
            plan,
            data["version"],
            data["consented_on"],
            data["witness"],
        )
    except planning.Stale as stale:
        return _consent_page(stale.current, forms.with_version(loaded, stale.current), 409, conflict=stale.current)
    return _saved(plan, gettext("Samtykket er registrert."))


# The measures' routes, with when they happen, are on this blueprint too.
from app.staff import plan_editor_measures  # noqa: E402,F401
