""""Denne uka": this week's help and meetings day by day, and the weeks around it (issue 5 point 3)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, g, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _

from app import db
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.policy import requires
from app.services import week
from app.domain.clock import today

bp = Blueprint("week", __name__)


@bp.app_template_global()
def week_words() -> dict:
    """The words every visit in the week repeats, translated once per request, not once per visit."""
    if "week_words" not in g:
        g.week_words = {"clock_what": _("Klokka %(time)s: %(what)s."), "help_from": _("Hjelpen kommer fra %(service)s."),
                        "span": _("%(start)s–%(end)s"), "service_role": _("%(service)s, %(role)s")}
    return g.week_words


@bp.app_template_filter("format_weekday")
def format_weekday(value) -> str:
    """"mandag 23. november 2026", "Monday, November 23, 2026": the reader's language's full date."""
    return format_date(value, "full")


@bp.get("/plan/denne-uka")
@requires(Capability.PLAN_READ)
def show():
    asked = request.args.getlist("uke")
    this_monday = week.monday_of(today())
    monday = week.parse_week(asked[0]) if len(asked) == 1 else this_monday if not asked else None
    if monday is None:
        abort(404)
    acting, s = actor(), db.db_session()
    schedule = week.schedule_for_actor(s, acting)
    return render_template("week/this-week.html", owner=acting.subject, has_plan=schedule is not None,
                           days=week.days_of_week(schedule, monday) if schedule else [],
                           monday=monday, sunday=monday + timedelta(days=6), is_this_week=monday == this_monday, today=today(),
                           previous=week.neighbour(monday, -1), next=week.neighbour(monday, 1))
