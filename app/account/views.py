"""The account pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import render_template

from app import db
from app.account import bp
from app.auth.actor import actor
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import login_required, may
from app.services import representations


@bp.get("/min-side")
@login_required
def my_page():
    acting = actor()
    return render_template(
        "account/my-page.html",
        person=acting.subject,
        acting=acting.acting_for_someone,
        may_read_access_log=may(Capability.ACCESSLOG_READ),
        may_read_consents=may(Capability.PLAN_READ),
        may_contribute=may(Capability.PLAN_CONTRIBUTE),
        just_turned_16=not acting.acting_for_someone
        and representations.now_decides_alone(db.db_session(), acting.person, clock.today()),
    )
