"""Min side: the first page after login, about the person the actor acts for now."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("account", __name__)

from app.account import cases, complaint, plan_request, views  # noqa: E402,F401  (their routes join the blueprint)
