"""The home pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import render_template

from app import content, db, easyread
from app.auth.actor import actor
from app.domain import clock
from app.domain.capabilities import Capability
from app.home import bp
from app.info.views import TOPICS
from app.policy import may, public
from app.services import overview
from app.templating import current_locale


@bp.get("/")
@public
def index():
    """A visitor learns what Min plan is and logs in here; someone logged in sees what matters now."""
    locale, easy = current_locale(), easyread.is_on()
    intro = content.load_text("forside", locale, easy)
    topics = [t for slug in TOPICS if (t := content.load_text(slug, locale, easy)) is not None]
    acting = actor()
    now = overview.for_actor(db.db_session(), acting, clock.now(), may) if acting is not None else None
    return render_template(
        "home/index.html",
        intro=intro,
        topics=topics,
        now=now,
        may_read_plan=now is not None and may(Capability.PLAN_READ),
        may_contribute=now is not None and may(Capability.PLAN_CONTRIBUTE),
    )
