"""A guided complaint (pbrl § 7-2): what it is about, what happened and what the person wants,
a page to check it, and a page saying it was sent and what happens now.

As with the request for a plan (plan_request.py), what was typed waits in the server-side
session for the person acted for between the form and the check page, and travels in the check
page's own form to "Send", so a login renewed on the way keeps it (app/auth/kept_form.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from app import db, notices
from app.account import bp
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.domain.cases import ComplaintReason
from app.policy import requires
from app.schemas import form_integer
from app.schemas.base import load_form
from app.schemas.complaint import ComplaintSchema
from app.services import case_status, complaints

FIELD_IDS = {"reason": "field-reason", "happened": "field-happened", "wanted": "field-wanted"}
TYPED_KEY = "complaint_typed"
EMPTY = {"reason": "", "happened": "", "wanted": "", "about": ""}


def _typed_before() -> dict | None:
    """What was typed for the person acted for now, if it waits in the session."""
    kept = session.get(TYPED_KEY)
    if isinstance(kept, dict) and kept.get("subject") == actor().subject.id and isinstance(kept.get("typed"), dict):
        return {name: str(kept["typed"].get(name) or "") for name in EMPTY}
    return None


def _about(value: str | None) -> str:
    """The case the complaint is about, when it is one of the subject's requests; else nothing."""
    found = case_status.complainable_case(db.db_session(), actor(), form_integer(value, 1))
    return str(found.id) if found else ""


def _form(typed: dict | None = None, errors: dict | None = None, status: int = 200):
    typed = typed or _typed_before() or dict(EMPTY)
    page = render_template(
        "account/complaint.html",
        typed=typed,
        errors=errors or {},
        field_ids=FIELD_IDS,
        owner=actor().subject,
        reasons=[str(reason) for reason in ComplaintReason],
    )
    return page, status


@bp.get("/klage")
@requires(Capability.PLAN_CONTRIBUTE)
def complaint():
    if (about := request.args.get("sak")) is not None:
        typed = _typed_before() or dict(EMPTY)
        return _form({**typed, "about": _about(about)})
    return _form()


@bp.post("/klage")
@requires(Capability.PLAN_CONTRIBUTE)
def complaint_check():
    """The form sent: every error at once beside what was typed, or the page to check it."""
    loaded = load_form(ComplaintSchema(), request.form)
    if not loaded.ok:
        return _form(loaded.typed, loaded.errors, 422)
    typed = {**loaded.typed, "about": _about(loaded.data["about"])}
    session[TYPED_KEY] = {"subject": actor().subject.id, "typed": typed}
    return redirect(url_for("account.complaint_review"), 303)


@bp.get("/klage/se-over")
@requires(Capability.PLAN_CONTRIBUTE)
def complaint_review():
    typed = _typed_before()
    if typed is None:
        return redirect(url_for("account.complaint"), 303)
    return render_template("account/complaint-check.html", typed=typed, owner=actor().subject)


@bp.post("/klage/send")
@requires(Capability.PLAN_CONTRIBUTE)
def complaint_send():
    loaded = load_form(ComplaintSchema(), request.form)
    if not loaded.ok:
        return _form(loaded.typed, loaded.errors, 422)
    data = loaded.data
    text = complaints.compose(data["happened"], data["wanted"])
    try:
        complaints.complain(
            db.db_session(), actor(), ComplaintReason(data["reason"]), text, form_integer(data["about"], 1)
        )
    except complaints.AlreadySent:
        flash(gettext("Klagen var allerede sendt. Vi har ikke sendt den en gang til."), notices.INFO)
    session.pop(TYPED_KEY, None)
    return redirect(url_for("account.complaint_sent"), 303)


@bp.get("/klage/sendt")
@requires(Capability.PLAN_CONTRIBUTE)
def complaint_sent():
    acting = actor()
    sent = case_status.latest_complaint(db.db_session(), acting)
    if sent is None:
        return redirect(url_for("account.complaint"), 303)
    return render_template("account/complaint-sent.html", case=sent, owner=acting.subject)
