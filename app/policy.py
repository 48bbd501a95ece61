"""Who may do what, for whom: the one place that decides (DESIGN.md §5).

Every view declares what it needs with a decorator from this module; a test fails when a
route declares nothing. For now an actor is the logged-in person, acting for themselves;
acting on behalf of someone else (DOMAIN.md §4) will add capabilities here.
"""
from __future__ import annotations

from enum import StrEnum
from functools import wraps
from typing import Callable

POLICY_ATTRIBUTE = "_minplan_policy"


class Capability(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not: information pages, language choice
    AUTHENTICATED = "authenticated"  # a logged-in person, seeing only what is their own


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


def declared_capability(view: Callable) -> Capability | None:
    return getattr(view, POLICY_ATTRIBUTE, None)
