"""The conversation with the person, on the municipality's side: read it (every look is in the
person's access log), answer, and withdraw one's own message. The plan's appointed coordinator
opens it, and a KE officer of the person's municipality while the person has an open case there
(the page knows which side it shows: app/services/message_reads.py); anyone else, another
municipality's staff included, gets 404.

An answer to a message a 12–15-year-old keeps from her parents is kept from them too: the page
offers "answer only her" beside such a message, which carries the message it answers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.staff_access import StaffForPerson
from app.models.message import Message
from app.policy import found_or_404, staff_requires
from app.schemas import form_integer
from app.schemas.base import load_form
from app.schemas.messages import ReplySchema
from app.services import message_reads, messages
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_messages", __name__, url_prefix=STAFF_PREFIX + "/planer/<int:plan_id>/meldinger")

FIELD_IDS = {"text": "field-text"}


def _side_or_404(plan_id: int) -> message_reads.StaffSide:
    return found_or_404(message_reads.conversation_access(db.db_session(), staff_actor(), plan_id), refused="plan")


def _private_answered(conversation, reply_to: int | None) -> Message | None:
    """The private message a reply answers, if it is one of this conversation's."""
    return next((m for m in conversation.messages if m.id == reply_to and m.private_from_parents), None)


def _page(access, typed: dict | None = None, errors: dict | None = None, status: int = 200):
    conversation = message_reads.conversation_for_staff(db.db_session(), staff_actor(), access)
    typed = typed or {"text": "", "reply_to": request.args.get("svar", "")}
    answering = _private_answered(conversation, form_integer(str(typed.get("reply_to") or ""), 1))
    return render_template(
        "staff/messages.html",
        plan=access.plan,
        conversation=conversation,
        answering=answering,
        typed=typed,
        errors=errors or {},
        field_ids=FIELD_IDS,
        message_max=messages.MESSAGE_MAX,
        me=staff_actor().member.id,
    ), status


@bp.get("", endpoint="conversation")
@staff_requires(Capability.STAFF_PLAN_READ)
def conversation(plan_id: int):
    return _page(_side_or_404(plan_id))


@bp.post("", endpoint="send")
@staff_requires(Capability.MESSAGE_WRITE)
def send(plan_id: int):
    access = _side_or_404(plan_id)
    loaded = load_form(ReplySchema(), request.form)
    if not loaded.ok:
        return _page(access, loaded.typed, loaded.errors, 422)
    plan = access.plan
    actor = StaffForPerson(staff_actor(), plan.owner, access.role)
    messages.reply(db.db_session(), actor, plan, loaded.data["text"], loaded.data["reply_to"], access.side)
    flash(gettext("Meldingen er sendt."), notices.SUCCESS)
    return redirect(url_for("staff_messages.conversation", plan_id=plan_id, _anchor="messages-heading"), 303)


@bp.post("/<int:message_id>/trekk-tilbake", endpoint="withdraw")
@staff_requires(Capability.MESSAGE_WRITE)
def withdraw(plan_id: int, message_id: int):
    access = _side_or_404(plan_id)
    plan = access.plan
    try:
        messages.withdraw(db.db_session(), StaffForPerson(staff_actor(), plan.owner, access.role), plan, message_id)
    except messages.NotYours:
        found_or_404(None, refused="message")
    flash(gettext("Meldingen er trukket tilbake. Det står at den ble trukket tilbake."), notices.SUCCESS)
    return redirect(url_for("staff_messages.conversation", plan_id=plan_id, _anchor=f"message-{message_id}"), 303)
