"""Who may do what, for whom: the one place that decides (DESIGN.md §5).

Every view declares what it needs with a decorator from this module; a test fails when a
route declares nothing. The actor (app/actor.py) is the logged-in person and, when they act
for someone, the representation the law's rules (app/representation_rules.py) judged today.
"""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable

from flask import abort

from app.capabilities import Capability

POLICY_ATTRIBUTE = "_minplan_policy"
log = logging.getLogger("minplan.policy")


def _declare(view: Callable, capability: Capability) -> Callable:
    setattr(view, POLICY_ATTRIBUTE, capability)
    return view


def public(view: Callable) -> Callable:
    """Open to everyone: the page shows no personal data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.PUBLIC)


def login_required(view: Callable) -> Callable:
    """Only for a logged-in person; anyone else is sent to log in and brought back here."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        from app.auth import current, step_up

        if not current.is_logged_in():
            return step_up.redirect_to_login()
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.AUTHENTICATED)


def requires(capability: Capability) -> Callable[[Callable], Callable]:
    """For a logged-in actor who may do `capability` for the person they act for now."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            from app.actor import actor
            from app.auth import current, step_up

            if not current.is_logged_in():
                return step_up.redirect_to_login()
            if not actor().can(capability):
                log.warning("capability refused", extra={"event": "policy.refused", "capability": str(capability),
                                                          "basis": actor().basis})
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapper, capability)

    return decorator


def declared_capability(view: Callable) -> Capability | None:
    return getattr(view, POLICY_ATTRIBUTE, None)
