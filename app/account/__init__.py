"""Min side: the first page after login, about the person the actor acts for now."""
from __future__ import annotations

from flask import Blueprint, render_template

from app.actor import actor
from app.capabilities import Capability
from app.policy import login_required

bp = Blueprint("account", __name__)


@bp.get("/min-side")
@login_required
def my_page():
    acting = actor()
    return render_template("account/my-page.html", person=acting.subject, acting=acting.acting_for_someone,
                           may_read_access_log=acting.can(Capability.ACCESSLOG_READ),
                           may_read_consents=acting.can(Capability.PLAN_READ),
                           may_contribute=acting.can(Capability.PLAN_CONTRIBUTE),
                           just_turned_16=not acting.acting_for_someone and _had_parents_until_16(acting.person))


def _had_parents_until_16(person) -> bool:
    """A 16- or 17-year-old whose parents acted for them: told that they now decide (issue 4 §4)."""
    from sqlalchemy import exists, select

    from app import db, representation_rules as rules
    from app.models import Representation
    from app.services.representations import today

    if rules.age_on(person.birth_date, today()) not in (16, 17):
        return False
    return bool(db.db_session().scalar(select(exists().where(
        Representation.represented_id == person.id, Representation.basis == rules.Basis.PARENT.value))))
