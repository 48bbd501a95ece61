""" "Denne uka": this week's help and meetings day by day, and the weeks around it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("week", __name__)

from app.week import views  # noqa: E402,F401  (their routes join the blueprint)
