"""Notices that did not reach people of the municipality, for the koordinerende enhet: who was
to be told, of what kind of news, why it failed and how to reach them instead. Only the
municipalities where the officer works are shown (the service's answer)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app import db
from app.domain.capabilities import Capability
from app.policy import staff_requires
from app.services import failed_notices as service
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_failed_notices", __name__, url_prefix=STAFF_PREFIX)


@bp.get("/varsler-som-ikke-kom-fram")
@staff_requires(Capability.DESK_READ)
def failed_notices():
    page = request.args.get("side", 1, type=int)  # anything else: the first page
    found = service.failed_notices(db.db_session(), staff_actor(), page)
    return render_template("staff/failed-notices.html", found=found, days=service.RECENT.days)
