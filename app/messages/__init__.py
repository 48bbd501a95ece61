"""Messages: the conversation between the person and their coordinator, on the person's side."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("messages", __name__)

from app.messages import views  # noqa: E402,F401  (its routes join the blueprint)
