"""A share of the API per consumer organisation, counted where the login limits are (Redis when
several processes run): one municipality's runaway script slows only itself, and the limit is by
organisation number, not by address, as one organisation may call from many.

When Redis cannot be reached, each process counts in its own memory, as the login limits do
(docs/operations.md), and asks Redis again after a pause: the municipalities' systems keep their
answers, and no call waits for a Redis that is down."""

from __future__ import annotations

import logging
import time

from flask import current_app
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from redis.exceptions import RedisError

from app.ratelimit import wait_seconds

log = logging.getLogger("minplan.api")
NAMESPACE = "fhir-consumer"
# How long a process counts in memory before it asks Redis again.
REDIS_RETRY_SECONDS = 30
_FALLBACK = "minplan_fhir_fallback"


def wait_for(orgno: str) -> int | None:
    """None while the organisation is within its share (the call is counted); else the seconds until it may call again."""
    limiter = current_app.extensions.get("minplan_limiter")
    if limiter is None or not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    item = parse(current_app.config["FHIR_RATE_LIMIT"])
    fallback = current_app.extensions.get(_FALLBACK)
    if fallback is None:  # made once an app: a memory store starts a timer of its own
        fallback = current_app.extensions[_FALLBACK] = {
            "limiter": FixedWindowRateLimiter(MemoryStorage()),
            "until": 0.0,
        }
    try:
        reset_at = _count(
            limiter.limiter if time.monotonic() >= fallback["until"] else fallback["limiter"], item, orgno
        )
    except RedisError:
        log.warning("the API's limits count in memory: Redis did not answer", extra={"event": "api.limit_fallback"})
        fallback["until"] = time.monotonic() + REDIS_RETRY_SECONDS
        reset_at = _count(fallback["limiter"], item, orgno)
    return None if reset_at is None else wait_seconds(reset_at, time.time())


def _count(counter, item, orgno: str) -> float | None:
    """Counts the call; None while within the share, else when the window lets the next one through."""
    if counter.hit(item, NAMESPACE, orgno):
        return None
    return counter.get_window_stats(item, NAMESPACE, orgno)[0]
