"""The account pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import render_template

from app import db
from app.account import bp
from app.auth.actor import actor
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import login_required, may
from app.services import case_status, overview, representations


@bp.get("/min-side")
@login_required
def my_page():
    acting, s = actor(), db.db_session()
    return render_template(
        "account/my-page.html",
        person=acting.subject,
        acting=acting.acting_for_someone,
        now=overview.for_actor(s, acting, clock.now(), may),
        cases=case_status.cases_for_actor(s, acting) if may(Capability.PLAN_READ) else [],
        may_read_plan=may(Capability.PLAN_READ),
        may_read_access_log=may(Capability.ACCESSLOG_READ),
        may_read_consents=may(Capability.PLAN_READ),
        may_contribute=may(Capability.PLAN_CONTRIBUTE),
        just_turned_16=not acting.acting_for_someone
        and representations.now_decides_alone(s, acting.person, clock.today()),
    )
