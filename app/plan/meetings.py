"""Proposing a topic for the next koordineringsmøte."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.models.base import utcnow
from app.plan import bp
from app.policy import found_or_404, requires
from app.schemas.base import load_form
from app.schemas.plan import TopicSchema
from app.services import plans


def _meeting_or_404(meeting_id: int, to_change: bool = False):
    """The meeting to show (the lookup records the read), or `to_change` by a form, which records itself."""
    find = plans.meeting_to_change if to_change else plans.meeting_for_actor
    meeting = find(db.db_session(), actor(), meeting_id, utcnow())
    return found_or_404(meeting)  # another plan's meeting, a past one, or a guess


@bp.get("/plan/mote/<int:meeting_id>/tema")
@requires(Capability.PLAN_CONTRIBUTE)
def topic_form(meeting_id: int):
    return render_template("plan/topic.html", meeting=_meeting_or_404(meeting_id), typed="", errors={})


@bp.post("/plan/mote/<int:meeting_id>/tema")
@requires(Capability.PLAN_CONTRIBUTE)
def propose_topic(meeting_id: int):
    meeting = _meeting_or_404(meeting_id, to_change=True)
    loaded = load_form(TopicSchema(), request.form)
    if not loaded.ok:
        return render_template(
            "plan/topic.html", meeting=meeting, typed=loaded.typed["topic"], errors=loaded.errors
        ), 422
    plans.propose_topic(db.db_session(), actor(), meeting, loaded.data["topic"])
    flash(gettext("Takk! Temaet er lagret. Koordinatoren ser det i planen før møtet."), notices.SUCCESS)
    return redirect(url_for("plan.show", _anchor="meeting-heading"), code=303)
