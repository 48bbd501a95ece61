"""Every capability a route can declare, in one enum, and which of them change something."""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    PUBLIC = "public"  # anyone: information pages, language choice
    AUTHENTICATED = "authenticated"  # a logged-in person, about themselves only
    PLAN_READ = "plan:read"
    PLAN_CONTRIBUTE = "plan:contribute"
    CONSENT_MANAGE = "consent:manage"
    REPRESENTATION_MANAGE = "representation:manage"
    ACCESSLOG_READ = "accesslog:read"
    CALENDAR_MANAGE = "calendar:manage"  # a feed carries the plan out of the app, unlogged
    GOAL_KEEP_PRIVATE = "goal:keep-private"  # a 12–15-year-old keeping a goal from parents
    # The municipality's side (app/domain/staff_access.py): a staff login, any role or none…
    STAFF = "staff"
    DESK_READ = "desk:read"  # the KE's desk: the cases of one's municipality
    CASE_HANDLE = "case:handle"  # take, answer, appoint, decide, close
    STAFF_ROLES_MANAGE = "staff:roles"  # grant and revoke roles in one's municipality
    CASELOAD_READ = "caseload:read"  # a coordinator's own plans
    STAFF_PLAN_READ = "staff-plan:read"  # a plan, as its coordinator or with a logged reason
    PLAN_WRITE = "plan:write"  # write the plan: its coordinator only (the loader checks which plan)
    # Write in a plan's conversation: its coordinator, or a KE officer while the person has an open
    # case in the officer's municipality (app/services/message_reads.py checks which plan).
    MESSAGE_WRITE = "message:write"
    # A municipality's own system through the FHIR API (app/api/), by its Maskinporten token's
    # scopes; which person's data is the loaders' answer (the consumer's municipality only).
    API_READ = "api:read"
    API_WRITE = "api:write"
    # The operators' metrics scraper (app/metrics.py), by its bearer token: counts, never a person.
    METRICS_READ = "metrics:read"


# What a person may do about their own plan; PUBLIC and AUTHENTICATED are not among them.
SUBJECT_CAPABILITIES = frozenset(
    {
        Capability.PLAN_READ,
        Capability.PLAN_CONTRIBUTE,
        Capability.CONSENT_MANAGE,
        Capability.REPRESENTATION_MANAGE,
        Capability.ACCESSLOG_READ,
        Capability.CALENDAR_MANAGE,
        Capability.GOAL_KEEP_PRIVATE,
    }
)

# Only the person themselves, never someone acting for them: giving a fullmakt, a calendar feed
# (nothing it carries out is logged), keeping things from one's parents.
OWN_ONLY = frozenset({Capability.REPRESENTATION_MANAGE, Capability.CALENDAR_MANAGE, Capability.GOAL_KEEP_PRIVATE})

# Capabilities that only read: a route that changes anything must declare one that is not here.
READ_ONLY = frozenset(
    {
        Capability.PLAN_READ,
        Capability.ACCESSLOG_READ,
        Capability.DESK_READ,
        Capability.CASELOAD_READ,
        Capability.STAFF_PLAN_READ,
        Capability.API_READ,
        Capability.METRICS_READ,
    }
)

# Capabilities only a staff login can have; a citizen's actor never holds one, and a staff
# member's never holds another.
STAFF_CAPABILITIES = frozenset(
    {
        Capability.STAFF,
        Capability.DESK_READ,
        Capability.CASE_HANDLE,
        Capability.STAFF_ROLES_MANAGE,
        Capability.CASELOAD_READ,
        Capability.STAFF_PLAN_READ,
        Capability.PLAN_WRITE,
        Capability.MESSAGE_WRITE,
    }
)
