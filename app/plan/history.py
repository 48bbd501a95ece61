"""The plan's history: every change the reader may see, in plain words, newest first."""

from __future__ import annotations

from flask import abort, render_template, request

from app import db
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.plan import bp
from app.policy import requires
from app.schemas import form_integer
from app.services import plan_changes, plan_news, plans


@bp.get("/plan/historikk")
@requires(Capability.PLAN_READ)
def history():
    page = form_integer(request.args.get("side", "1"), minimum=1)
    if page is None or page >= 10_000:
        abort(404)
    acting, s = actor(), db.db_session()
    plan = plans.plan_for_actor(s, acting)  # records the read, as the plan's other pages do
    changes, total = plan_news.history_for_actor(s, acting, plan, page) if plan else ([], 0)
    pages = max(1, -(-total // plan_changes.HISTORY_PAGE_SIZE))
    if page > pages:
        abort(404)
    return render_template(
        "plan/history.html", plan=plan, owner=acting.subject, changes=changes, page=page, pages=pages
    )
