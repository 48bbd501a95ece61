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
                           may_read_access_log=acting.can(Capability.ACCESSLOG_READ))
