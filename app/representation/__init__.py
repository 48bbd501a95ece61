"""Acting on behalf of someone: choosing whom, and the access log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("representation", __name__)

from app.representation import power_of_attorney, views  # noqa: E402,F401  (their routes join the blueprint)
