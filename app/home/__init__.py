"""The front page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("home", __name__)

from app.home import views  # noqa: E402,F401  (their routes join the blueprint)
