"""The plan pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import render_template

from app import db
from app.auth.actor import actor
from app.domain import clock
from app.domain.capabilities import Capability
from app.models.base import utcnow
from app.plan import bp
from app.policy import may, requires
from app.services import meeting_reads, plan_changes, plan_news, plans, revisions


def _read_plan() -> dict:
    """The subject's plan with the goals and measures the actor may see; the read is audited."""
    acting, s = actor(), db.db_session()
    plan = plans.plan_for_actor(s, acting)
    return {
        "plan": plan,
        "owner": acting.subject,
        "goals": plans.visible_goals(plan, acting) if plan else [],
        "measures": plans.measures_for(s, plan, acting),
    }


@bp.get("/plan")
@requires(Capability.PLAN_READ)
def show():
    read, s = _read_plan(), db.db_session()
    plan = read["plan"]
    revision = revisions.latest(s, plan)
    seen = plan_changes.seen_by(s, actor(), plan.id) if plan else None
    page = render_template(
        "plan/plan.html",
        **read,
        meeting=plans.next_meeting(s, plan, utcnow()) if plan else None,
        minutes=meeting_reads.latest_minutes_for(s, actor(), plan),
        news=plan_news.news_for_actor(s, actor(), plan, seen) if plan else None,
        revision=revision,
        revision_words_hidden=revisions.words_hidden(actor(), revision),
        may_contribute=may(Capability.PLAN_CONTRIBUTE),
        may_keep_private=may(Capability.GOAL_KEEP_PRIVATE),
    )
    if plan:  # shown, so no longer new to this reader
        plan_changes.mark_seen(s, actor(), plan.id, seen)
    return page


@bp.get("/plan/utskrift")
@requires(Capability.PLAN_READ)
def print_view():
    """The whole plan on A4, readable in black and white, with nothing to press."""
    return render_template("plan/print.html", **_read_plan(), today=clock.today())
