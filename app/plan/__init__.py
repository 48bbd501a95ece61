"""The plan: reading it whole. Goals and meetings have their own pages (goals.py, meetings.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("plan", __name__)

from app.plan import goals, history, meetings, versions, views  # noqa: E402,F401  (their routes join the blueprint)
