"""Who may do what, for whom: the one place that decides (DESIGN.md §5).

Every view declares what it needs with a decorator from this module; a test fails when a
route declares nothing. Capabilities that need a logged-in actor arrive with login.
"""
from __future__ import annotations

from enum import StrEnum
from functools import wraps
from typing import Callable

POLICY_ATTRIBUTE = "_minplan_policy"


class Capability(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not: information pages, language choice


def _declare(view: Callable, capability: Capability) -> Callable:
    setattr(view, POLICY_ATTRIBUTE, capability)
    return view


def public(view: Callable) -> Callable:
    """Open to everyone: the page shows no personal data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.PUBLIC)


def declared_capability(view: Callable) -> Capability | None:
    return getattr(view, POLICY_ATTRIBUTE, None)
