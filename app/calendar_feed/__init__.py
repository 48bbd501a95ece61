"""The owner's calendar feed: made and renewed on /plan/kalender, read by a phone without login."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("calendar_feed", __name__)

from app.calendar_feed import views  # noqa: E402,F401  (their routes join the blueprint)
