"""Revising a plan with the person: the coordinator records what went well and what changes, and
sets the next revision; the plan keeps each revision as a version the person reads. A KE officer
who opened the plan with a reason reads the versions; only the coordinator writes one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess, StaffForPerson
from app.policy import found_or_404, staff_requires
from app.schemas.base import load_form, named_errors
from app.schemas.revisions import RevisionSchema
from app.services import revisions, staff_plans
from app.services.meeting_reads import may_keep_from_parents
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor
from app.staff.plans import _reason_for

bp = Blueprint("staff_revisions", __name__, url_prefix=STAFF_PREFIX)


def _page(
    plan,
    access,
    versions,
    status: int = 200,
    typed: dict | None = None,
    errors: dict | None = None,
    stale=None,
    reason=None,
):
    # In the person's access log before it is shown, whatever answers with it.
    staff_plans.opened(db.db_session(), staff_actor(), plan, access, reason)
    return render_template(
        "staff/revision.html",
        plan=plan,
        access=access,
        versions=versions,
        typed=typed or {},
        errors=errors or {},
        stale=stale,
        words_max=revisions.WORDS_MAX,
        may_keep_from_parents=may_keep_from_parents(plan),
    ), status


@bp.get("/planer/<int:plan_id>/revisjon")
@staff_requires(Capability.STAFF_PLAN_READ)
def revision(plan_id: int):
    s, staff = db.db_session(), staff_actor()
    plan, access = found_or_404(staff_plans.plan_for_staff(s, staff, plan_id), refused="plan")
    reason = _reason_for(plan_id)
    if staff_plans.needs_reason(access, reason):
        return redirect(url_for("staff_plans.plan", plan_id=plan_id), code=303)
    return _page(plan, access, revisions.revisions_of(s, plan.id), reason=reason)


@bp.post("/planer/<int:plan_id>/revisjon")
@staff_requires(Capability.PLAN_WRITE)
def revise(plan_id: int):
    s, staff = db.db_session(), staff_actor()
    plan = found_or_404(revisions.plan_to_revise(s, staff, plan_id), refused="plan")
    schema = RevisionSchema()
    loaded = load_form(schema, request.form)
    versions = revisions.revisions_of(s, plan.id)
    if "version" in loaded.errors:
        abort(400)  # a form we never made (the version is a hidden field): nothing typed to keep
    if not loaded.ok:
        return _page(plan, PlanAccess.COORDINATOR, versions, 422, loaded.typed, loaded.errors)
    data = loaded.data
    try:
        done = revisions.revise(
            s,
            StaffForPerson(staff, plan.owner),
            plan,
            data["version"],
            data["went_well"],
            data["changes"],
            data["next_revision"],
            data["private_from_parents"] == "on",
        )
    except revisions.StalePlan as stale:
        # The plan as it is now beside what was typed: the form carries the new version.
        return _page(stale.plan, PlanAccess.COORDINATOR, versions, 409, loaded.typed, stale=data["version"])
    except revisions.RevisionRefused as refused:
        errors = named_errors(schema, {f: [gettext("Dette kan ikke lagres.")] for f in refused.errors})
        return _page(plan, PlanAccess.COORDINATOR, versions, 422, loaded.typed, errors)
    flash(
        gettext("Revisjonen er lagret som versjon %(num)s. Personen ser den i planen.", num=done.number),
        notices.SUCCESS,
    )
    return redirect(url_for("staff_revisions.revision", plan_id=plan_id), code=303)
