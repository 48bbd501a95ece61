"""A person's plan as a staff member reads it: the appointed coordinator at once, a KE officer of
the person's municipality after stating a reason (kept for this plan for the rest of the staff
session), anyone else 404. Every reading is in the person's access log."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from app import db
from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess
from app.notifications.reach import reach_of
from app.policy import found_or_404, staff_requires
from app.schemas.base import load_form
from app.schemas.staff_plans import PlanReasonSchema
from app.services import staff_plans
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_plans", __name__, url_prefix=STAFF_PREFIX)

# {plan id: reason} in the staff session: one reason opens the plan until the session ends.
REASONS_KEY = "plan_reasons"


def _reason_for(plan_id: int) -> str | None:
    reasons = session.get(REASONS_KEY)
    return reasons.get(str(plan_id)) if isinstance(reasons, dict) else None


def _keep_reason(plan_id: int, reason: str) -> None:
    # A new dict: the session notices an assignment, not a change inside a value.
    session[REASONS_KEY] = {**(session.get(REASONS_KEY) or {}), str(plan_id): reason}


def _reason_page(plan, errors: dict, typed: dict, status: int = 200):
    return (
        render_template(
            "staff/plan-reason.html", plan=plan, errors=errors, typed=typed, reason_max=staff_plans.REASON_MAX
        ),
        status,
    )


@bp.get("/planer/<int:plan_id>")
@staff_requires(Capability.STAFF_PLAN_READ)
def plan(plan_id: int):
    s, staff = db.db_session(), staff_actor()
    plan, access = found_or_404(staff_plans.plan_for_staff(s, staff, plan_id), refused="plan")
    reason = _reason_for(plan_id)
    if staff_plans.needs_reason(access, reason):
        return _reason_page(plan, {}, {"reason": ""})
    content = staff_plans.content_for_staff(s, staff, plan, access, reason)
    reach = reach_of(s, plan) if access == PlanAccess.COORDINATOR else None
    return render_template("staff/plan.html", plan=plan, access=access, reason=reason, reach=reach, **content)


@bp.post("/planer/<int:plan_id>/begrunnelse")
@staff_requires(Capability.CASE_HANDLE)
def give_reason(plan_id: int):
    s, staff = db.db_session(), staff_actor()
    plan, access = found_or_404(staff_plans.plan_for_staff(s, staff, plan_id), refused="plan")
    loaded = load_form(PlanReasonSchema(), request.form)
    if not loaded.ok:
        return _reason_page(plan, loaded.errors, loaded.typed, 422)
    if staff_plans.needs_reason(access, None):
        _keep_reason(plan_id, loaded.data["reason"])
    return redirect(url_for("staff_plans.plan", plan_id=plan_id), code=303)
