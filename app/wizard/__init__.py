""" "Hva er viktig for deg?": the person's goals, resources and needs in their own words,
one question a page, saved at every step in the database (so it outlives a timed-out login),
then checked and sent to the coordinator, or with a request for a plan."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("wizard", __name__, url_prefix="/hva-er-viktig")

from app.wizard import views  # noqa: E402,F401  (their routes join the blueprint)
