"""The coordinator's list of a plan's coming visits, each with a form to cancel it or move it to
another time. Only the plan's coordinator opens the page and sends the forms; what the person then
sees in their week and calendar is app/services/visits.py's."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain import clock
from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess, StaffForPerson
from app.policy import found_or_404, staff_requires
from app.schemas.base import LoadedForm, load_form, named_errors
from app.schemas.visits import REFUSALS, CancelVisitSchema, MoveVisitSchema, new_start_and_minutes
from app.services import staff_plans, visits
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_visits", __name__, url_prefix=STAFF_PREFIX + "/planer/<int:plan_id>/besok")

DAYS_SHOWN = 28


def _coordinated_plan(plan_id: int):
    """The plan, if the staff member is its coordinator; else 404 (logged), as for any plan they may not change."""
    found = staff_plans.plan_for_staff(db.db_session(), staff_actor(), plan_id)
    plan, access = found_or_404(found, refused="plan")
    if access != PlanAccess.COORDINATOR:
        found_or_404(None, refused="plan")
    return plan


def _page(plan, status: int = 200, form: str | None = None, loaded: LoadedForm | None = None):
    # From now: a visit earlier today has been, and cannot be cancelled or moved any more.
    start = clock.now().replace(second=0, microsecond=0)
    found = visits.upcoming_for_staff(db.db_session(), staff_actor(), plan, start, DAYS_SHOWN)
    typed = loaded.typed if loaded else {}
    if loaded is not None and f"{typed.get('entry_id')}-{typed.get('occurs_at')}" not in {
        f"{visit.entry.id}-{visit.occurs_at}" for visit in found
    }:
        abort(400)  # a visit and a time the list never offered together: a form we never made
    return render_template(
        "staff/visits.html",
        plan=plan,
        visits=found,
        last_day=(start + timedelta(days=DAYS_SHOWN - 1)).date(),
        form=form,
        form_key=f"{typed.get('entry_id')}-{typed.get('occurs_at')}" if loaded else None,
        typed=typed,
        errors=loaded.errors if loaded else {},
        note_max=visits.NOTE_MAX,
    ), status


@bp.get("")
@staff_requires(Capability.STAFF_PLAN_READ)
def upcoming(plan_id: int):
    return _page(_coordinated_plan(plan_id))


def _change(plan_id: int, form: str, schema, act, done: str):
    """Load the form, make the change, answer: 303 to the list, 422 with every message at the
    visit's form and what was typed, 409 when the visit was changed meanwhile."""
    plan = _coordinated_plan(plan_id)
    loaded = load_form(schema, request.form)
    if "entry_id" in loaded.errors or "occurs_at" in loaded.errors:
        abort(400)  # hidden fields the page wrote: a form we never made
    if loaded.ok:
        s, staff = db.db_session(), staff_actor()
        try:
            act(s, StaffForPerson(staff, plan.owner), loaded.data)
        except visits.VisitRefused as refused:
            field, message = REFUSALS[refused.code]
            if refused.code in ("already_changed", "past"):  # its form is gone from the list: said above it
                flash(str(message), notices.INFO)
                return _page(plan, 409 if refused.code == "already_changed" else 422)
            if refused.code in ("not_in_rule", "other_plan"):
                abort(400)  # a visit and a time the list never offered together: a form we never made
            loaded.errors = named_errors(schema, {field: [str(message)]})
            return _page(plan, 422, form, loaded)
        flash(done, notices.SUCCESS)
        return redirect(url_for("staff_visits.upcoming", plan_id=plan_id), code=303)
    return _page(plan, 422, form, loaded)


@bp.post("/avlys")
@staff_requires(Capability.PLAN_WRITE)
def cancel(plan_id: int):
    def act(s, actor, data):
        visits.cancel(s, actor, data["entry_id"], data["occurs_at"], data["note"])

    return _change(
        plan_id, "cancel", CancelVisitSchema(), act, gettext("Besøket er avlyst. Personen ser det i uka si.")
    )


@bp.post("/flytt")
@staff_requires(Capability.PLAN_WRITE)
def move(plan_id: int):
    def act(s, actor, data):
        new_start, minutes = new_start_and_minutes(data)
        visits.move(s, actor, data["entry_id"], data["occurs_at"], new_start, minutes, data["note"])

    return _change(plan_id, "move", MoveVisitSchema(), act, gettext("Besøket er flyttet. Personen ser den nye tiden."))
