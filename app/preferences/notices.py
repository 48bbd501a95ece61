"""Which notices the logged-in person wants by e-mail and SMS. Always their own: a representative's
notices about the person they act for reach the representative, so the choice is the representative's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.auth.actor import actor
from app.domain.notice_topics import Channel, Topic
from app.policy import login_required
from app.preferences import bp
from app.schemas.base import load_form
from app.schemas.notice_preferences import NoticePreferenceSchema
from app.services import notice_preferences


@bp.get("/varsler")
@login_required
def notice_settings():
    wanted = notice_preferences.wanted_by(db.db_session(), actor().person.id)
    return render_template(
        "preferences/notices.html",
        channels=[str(c) for c in Channel if c in wanted.channels],
        topics=[str(t) for t in Topic if t in wanted.topics],
        all_topics=[str(t) for t in Topic],
    )


@bp.post("/varsler")
@login_required
def save_notice_settings():
    loaded = load_form(NoticePreferenceSchema(), request.form)
    if not loaded.ok:
        abort(400)  # only checkboxes, each with a value the page offered: this form was not ours
    wanted = notice_preferences.Wanted(
        frozenset(Channel(c) for c in loaded.data["channels"]), frozenset(Topic(t) for t in loaded.data["topics"])
    )
    notice_preferences.save(db.db_session(), actor().person.id, wanted)
    flash(gettext("Valgene dine for varsler er lagret."), notices.SUCCESS)
    return redirect(url_for("preferences.notice_settings"), code=303)
