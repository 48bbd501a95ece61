"""Language and easy-read choices: plain forms that work without JavaScript.

A logged-in person's choices are also saved in their profile, so the next login starts there.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("preferences", __name__)

from app.preferences import notices, views  # noqa: E402,F401  (their routes join the blueprint)
