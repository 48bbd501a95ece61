"""A share of the API per consumer organisation, counted where the login limits are (Redis when
several processes run): one municipality's runaway script slows only itself, and the limit is by
organisation number, not by address, as one organisation may call from many."""

from __future__ import annotations

import time

from flask import current_app
from limits import parse

from app.ratelimit import wait_seconds

NAMESPACE = "fhir-consumer"


def wait_for(orgno: str) -> int | None:
    """None while the organisation is within its share (the call is counted); else the seconds until it may call again."""
    limiter = current_app.extensions.get("minplan_limiter")
    if limiter is None or not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    item = parse(current_app.config["FHIR_RATE_LIMIT"])
    if limiter.limiter.hit(item, NAMESPACE, orgno):
        return None
    reset_at, _ = limiter.limiter.get_window_stats(item, NAMESPACE, orgno)
    return wait_seconds(reset_at, time.time())
