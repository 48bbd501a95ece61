"""The conversation with the coordinator (and the koordinerende enhet while the person has an open
case there; to it alone while the plan has no coordinator): read it, write, withdraw what one wrote.

Everyone who may read the plan reads it; only those who may take part in the plan write (a
read-only fullmakt gets no writing box, and its forged form is refused by the route's
declaration). A 12–15-year-old may keep a message from her parents. What was typed is kept on
every refusal, and across a session that ends while writing (app/auth/kept_form.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from app import db, notices
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.messages import bp
from app.policy import found_or_404, may, requires
from app.schemas.base import load_form
from app.schemas.messages import MessageSchema
from app.services import messages

FIELD_IDS = {"text": "field-text", "private": "field-private"}


def _page(typed: dict | None = None, errors: dict | None = None, status: int = 200):
    acting, s = actor(), db.db_session()
    conversation = found_or_404(messages.conversation_for_actor(s, acting))
    return render_template(
        "messages/conversation.html",
        conversation=conversation,
        owner=acting.subject,
        may_write=may(Capability.PLAN_CONTRIBUTE),
        may_keep_private=may(Capability.GOAL_KEEP_PRIVATE),
        typed=typed or {"text": "", "private": ""},
        errors=errors or {},
        field_ids=FIELD_IDS,
        message_max=messages.MESSAGE_MAX,
    ), status


@bp.get("/meldinger")
@requires(Capability.PLAN_READ)
def conversation():
    return _page()


@bp.post("/meldinger")
@requires(Capability.PLAN_CONTRIBUTE)
def send():
    acting, s = actor(), db.db_session()
    plan = found_or_404(messages.plan_of(s, acting))
    form = request.form
    if not may(Capability.GOAL_KEEP_PRIVATE):  # not offered to this reader: ignored, never an error
        form = MultiDict([(key, value) for key, value in request.form.items(multi=True) if key != "private"])
    loaded = load_form(MessageSchema(), form)
    if not loaded.ok:
        return _page(loaded.typed, loaded.errors, 422)
    try:
        messages.send(s, acting, plan, loaded.data["text"], loaded.data["private"] == "on")
    except messages.NoCoordinator:
        errors = {"text": [gettext("Planen har ingen koordinator ennå, så ingen kan lese meldingen. Ring kommunen.")]}
        return _page(loaded.typed, errors, 409)
    if plan.coordinator_id is None:
        flash(gettext("Meldingen er sendt til koordinerende enhet."), notices.SUCCESS)
    else:
        flash(gettext("Meldingen er sendt til koordinatoren."), notices.SUCCESS)
    return redirect(url_for("messages.conversation", _anchor="messages-heading"), 303)


@bp.post("/meldinger/<int:message_id>/trekk-tilbake")
@requires(Capability.PLAN_CONTRIBUTE)
def withdraw(message_id: int):
    acting, s = actor(), db.db_session()
    plan = found_or_404(messages.plan_of(s, acting))
    try:
        messages.withdraw(s, acting, plan, message_id)
    except messages.NotYours:
        found_or_404(None, refused="message")
    flash(gettext("Meldingen er trukket tilbake. Det står at den ble trukket tilbake."), notices.SUCCESS)
    return redirect(url_for("messages.conversation", _anchor=f"message-{message_id}"), 303)
