""" "Hvem kan dele hva om meg": the consents to share information and to having a plan, their
history and a receipt. Reading needs plan:read; giving, changing and
withdrawing need consent:manage (app/consent/sharing.py, app/consent/plan_consent.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consent", __name__)

from app.consent import plan_consent, sharing, views  # noqa: E402,F401  (their routes join the blueprint)
