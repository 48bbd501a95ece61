"""Public information: about individuell plan, the glossary, KE contacts, the service itself."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("info", __name__)

from app.info import views  # noqa: E402,F401  (their routes join the blueprint)
