"""The plan editor's measures (tiltak): what, how much, who is responsible, how, the goal it serves,
and when it happens, entered the way a person says it, with "Vis datoene" showing the next visits
before anything is saved (a POST that shows the form again; no JavaScript needed)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import found_or_404, staff_requires
from app.schemas.base import named_errors
from app.schemas.plan_editor import KEEP_SCHEDULE, NO_SCHEDULE, REFUSALS, UNTIL_DATE, MeasureFormSchema, RemoveSchema
from app.services import plan_editor, planning, schedule_form
from app.services.schedule import recurrence_text
from app.staff import plan_editor_forms as forms
from app.staff.current import staff_actor
from app.staff.plan_editor import _load, _plan, bp
from app.staff.plan_editor import _page as _editor_page

PREVIEW = "preview"


def _page(plan, measure, loaded=None, status=200, conflict=None, preview=None):
    return _editor_page(
        "measure",
        plan,
        status,
        measure=measure,
        typed=loaded.typed if loaded else forms.measure_typed(measure),
        errors=loaded.errors if loaded else {},
        conflict=conflict,
        preview=preview,
        weekdays=forms.weekday_names(),
        visit_words=forms.visit_words,
    )


def _measure(plan, measure_id: int):
    return found_or_404(plan_editor.measure_in(db.db_session(), plan, measure_id), refused="measure")


@bp.get("/tiltak/ny")
@staff_requires(Capability.STAFF_PLAN_READ)
def new_measure(plan_id: int):
    plan = _plan(plan_id)
    return _page(plan, None)


@bp.get("/tiltak/<int:measure_id>")
@staff_requires(Capability.STAFF_PLAN_READ)
def measure(plan_id: int, measure_id: int):
    plan = _plan(plan_id)
    found = _measure(plan, measure_id)
    return _page(plan, found)


@bp.post("/tiltak/ny")
@staff_requires(Capability.PLAN_WRITE)
def add_measure(plan_id: int):
    return _save(plan_id, None)


@bp.post("/tiltak/<int:measure_id>")
@staff_requires(Capability.PLAN_WRITE)
def save_measure(plan_id: int, measure_id: int):
    return _save(plan_id, measure_id)


def _said(data: dict) -> schedule_form.ScheduleForm | None:
    if data["schedule"] in (NO_SCHEDULE, KEEP_SCHEDULE):
        return None
    last_day = data["last_day"] if data["until"] == UNTIL_DATE else None
    return schedule_form.ScheduleForm(
        data["schedule"], tuple(data["weekdays"]), data["starts"], data["ends"], data["first_day"], last_day
    )


def _words(codes: dict[str, str]) -> dict[str, list[str]]:
    return {("schedule" if f == "kind" else f): [str(REFUSALS[c])] for f, c in codes.items()}


def _unchanged(measure, schedule) -> bool:
    if measure is None:
        return False
    stored = [(e.recurrence, e.duration_minutes) for e in measure.schedule]
    return stored == [(recurrence_text(o.first_start, o.rule), o.minutes) for o in schedule]


def _save(plan_id: int, measure_id: int | None):
    plan = _plan(plan_id)
    found = None if measure_id is None else _measure(plan, measure_id)
    schema = MeasureFormSchema()
    loaded = _load(schema)
    said, schedule = None, None
    if loaded.ok and (said := _said(loaded.data)) is not None:
        try:
            schedule = [schedule_form.occurrence(said)]
        except schedule_form.ScheduleRefused as refused:
            loaded.errors = named_errors(schema, _words(refused.errors))
    if not loaded.ok:
        return _page(plan, found, loaded, 422)
    if request.form.get("action") == PREVIEW:
        shown = schedule_form.preview(said, after=clock.now()) if said else []
        return _page(plan, found, loaded, preview=shown)
    data = dict(loaded.data)
    if data["schedule"] == NO_SCHEDULE:
        schedule = []
    elif data["schedule"] == KEEP_SCHEDULE and found is None:
        schedule = []
    if found is not None and schedule is not None and _unchanged(found, schedule):
        schedule = None  # the same rules: their cancelled and moved visits stay
    session, actor = db.db_session(), plan_editor.actor_for(staff_actor(), plan)
    goals = plan_editor.goals_by_id(session, [data["goal_id"]] if data["goal_id"] else [])
    details = planning.MeasureDetails(
        what=data["what"],
        service_name=data["service_name"],
        responsible_role=data["responsible_role"],
        how_much=data["how_much"],
        how=data["how"],
        schedule=tuple(schedule or ()),
    )
    try:
        if data["goal_id"] and not goals:
            raise planning.NotInPlan()
        goal = goals[0] if goals else None
        if found is None:
            planning.add_measure(session, actor, plan, details, goal)
        else:
            planning.change_measure(session, actor, found, data["version"] or 0, details, goal, schedule)
    except planning.NotInPlan:
        loaded.errors = named_errors(schema, {"goal_id": [str(REFUSALS["not_in_plan"])]})
        return _page(plan, found, loaded, 422)
    except planning.Stale as stale:
        current = stale.current
        return _page(plan, current, forms.with_version(loaded, current), 409, conflict=current or "gone")
    flash(gettext("Tiltaket er lagret."), notices.SUCCESS)
    return redirect(url_for("staff_plan_editor.overview", plan_id=plan.id), code=303)


@bp.post("/tiltak/<int:measure_id>/fjern")
@staff_requires(Capability.PLAN_WRITE)
def remove_measure(plan_id: int, measure_id: int):
    plan = _plan(plan_id)
    found = _measure(plan, measure_id)
    loaded = _load(RemoveSchema())
    if not loaded.ok:
        return _page(plan, found, None, 422)
    try:
        planning.remove_measure(
            db.db_session(), plan_editor.actor_for(staff_actor(), plan), found, loaded.data["version"]
        )
    except planning.Stale as stale:
        return _page(plan, stale.current, None, 409, conflict=stale.current or "gone")
    flash(gettext("Tiltaket er fjernet fra planen."), notices.SUCCESS)
    return redirect(url_for("staff_plan_editor.overview", plan_id=plan.id), code=303)
