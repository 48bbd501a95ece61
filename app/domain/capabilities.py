"""Every capability a route can declare (DESIGN.md §5), in one enum."""
from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    PUBLIC = "public"                    # anyone: information pages, language choice
    AUTHENTICATED = "authenticated"      # a logged-in person, about themselves only
    PLAN_READ = "plan:read"
    PLAN_CONTRIBUTE = "plan:contribute"
    CONSENT_MANAGE = "consent:manage"
    REPRESENTATION_MANAGE = "representation:manage"
    ACCESSLOG_READ = "accesslog:read"


# What the law lets one person do for another; PUBLIC and AUTHENTICATED are not among them.
SUBJECT_CAPABILITIES = frozenset({
    Capability.PLAN_READ, Capability.PLAN_CONTRIBUTE, Capability.CONSENT_MANAGE,
    Capability.REPRESENTATION_MANAGE, Capability.ACCESSLOG_READ,
})
