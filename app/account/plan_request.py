"""Asking for an individuell plan: one form, a page to check it, a receipt.

What was typed waits in the server-side session, for the person acted for, between the form and
the check page (so Back and "Endre" find it, and no page is the answer to a POST), and travels
in the check page's own form to "Send", so a login renewed on the way keeps it too. Nothing is
stored in the plan request before "Send"; the request is made once however often it is sent.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from app import db, notices
from app.account import bp
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.domain.clock import OSLO
from app.policy import requires
from app.schemas.base import load_form
from app.schemas.plan_request import PlanRequestSchema
from app.services import case_status, plan_requests

FIELD_IDS = {
    "wants": "field-wants",
    "wish": "field-wish",
    "coordinator_wish": "field-coordinator_wish",
    "contact_by": "field-contact_by",
    "contact_phone": "field-contact_phone",
    "contact_email": "field-contact_email",
}


TYPED_KEY = "plan_request_typed"
EMPTY = {"wants": "", "wish": "", "coordinator_wish": "", "contact_by": "", "contact_phone": "", "contact_email": ""}


def _typed_before() -> dict | None:
    """What was typed into the form for the person acted for now, if it waits in the session."""
    kept = session.get(TYPED_KEY)
    if isinstance(kept, dict) and kept.get("subject") == actor().subject.id and isinstance(kept.get("typed"), dict):
        return {name: str(kept["typed"].get(name) or "") for name in EMPTY}
    return None


def _form(typed: dict | None = None, errors: dict | None = None, status: int = 200):
    typed = typed or _typed_before() or dict(EMPTY)
    page = render_template(
        "account/plan-request.html", typed=typed, errors=errors or {}, field_ids=FIELD_IDS, owner=actor().subject
    )
    return page, status


def _already_there():
    """Where someone with a plan or an open request goes instead of the form."""
    acting = actor()
    if acting.subject.has_plan:
        return redirect(url_for("plan.show"), 303)
    if plan_requests.open_request(db.db_session(), acting.subject.id) is not None:
        return redirect(url_for("account.plan_request_sent"), 303)
    return None


@bp.get("/be-om-plan")
@requires(Capability.PLAN_CONTRIBUTE)
def plan_request():
    return _already_there() or _form()


@bp.post("/be-om-plan")
@requires(Capability.PLAN_CONTRIBUTE)
def plan_request_check():
    """The form sent: every error at once beside what was typed, or the page to check it."""
    loaded = load_form(PlanRequestSchema(), request.form)
    if not loaded.ok:
        return _form(loaded.typed, loaded.errors, 422)
    session[TYPED_KEY] = {"subject": actor().subject.id, "typed": loaded.typed}
    return redirect(url_for("account.plan_request_review"), 303)


@bp.get("/be-om-plan/se-over")
@requires(Capability.PLAN_CONTRIBUTE)
def plan_request_review():
    typed = _typed_before()
    if typed is None:
        return _already_there() or redirect(url_for("account.plan_request"), 303)
    return _already_there() or render_template("account/plan-request-check.html", typed=typed, owner=actor().subject)


@bp.post("/be-om-plan/send")
@requires(Capability.PLAN_CONTRIBUTE)
def plan_request_send():
    loaded = load_form(PlanRequestSchema(), request.form)
    if not loaded.ok:
        return _form(loaded.typed, loaded.errors, 422)
    details = plan_requests.RequestDetails(**loaded.data)
    try:  # a person with no municipality on record: app/account/cases.py's page, the words kept
        plan_requests.request_plan(db.db_session(), actor(), details)
    except plan_requests.AlreadyRequested:
        flash(gettext("Forespørselen var allerede sendt. Vi har ikke sendt den en gang til."), notices.INFO)
    except plan_requests.HasPlan:
        session.pop(TYPED_KEY, None)
        return redirect(url_for("plan.show"), 303)
    session.pop(TYPED_KEY, None)
    return redirect(url_for("account.plan_request_sent"), 303)


@bp.get("/be-om-plan/sendt")
@requires(Capability.PLAN_CONTRIBUTE)
def plan_request_sent():
    acting = actor()
    sent = plan_requests.latest_for_actor(db.db_session(), acting)
    if sent is None:
        return redirect(url_for("account.plan_request"), 303)
    sent_on = sent.created_at.astimezone(OSLO).date()
    return render_template(
        "account/plan-request-sent.html",
        sent=sent,
        case=case_status.case_of_request(db.db_session(), acting, sent.id),
        sent_on=sent_on,
        answer_by=sent_on + relativedelta(months=1),
        owner=acting.subject,
    )
