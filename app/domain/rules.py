"""The law's rules for what a person may do in their own plan and on someone's behalf, as plain functions.

No database, no Flask: a person or a relation and a date go in, the capabilities they give come
out, with the reason when they give none. The policy asks this module on every request, so an
age limit or an end date takes effect the moment it passes, not at the next login.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.capabilities import OWN_ONLY, SUBJECT_CAPABILITIES, Capability


class Basis(StrEnum):
    SELF = "self"
    PARENT = "parent"  # foreldreansvar
    GUARDIAN = "guardian"  # verge, appointed by the Statsforvalteren
    POWER_OF_ATTORNEY = "power_of_attorney"  # fullmakt, granted in the app
    RELATIVE = "relative"  # pårørende of a person registered as lacking capacity


class GuardianMandate(StrEnum):
    PERSONAL = "personal"  # personlige forhold
    HEALTH = "health"  # helse
    FINANCIAL = "financial"  # økonomi: gives nothing in a care plan


class AttorneyScope(StrEnum):
    READ = "read"  # se planen min
    CONTRIBUTE = "contribute"  # ta del i planen min: legge til mål, evaluere, skrive


class Denial(StrEnum):
    NONE = ""
    CHILD_TURNED_16 = "child_turned_16"
    PROTECTED_ADDRESS = "protected_address"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_IN_MANDATE = "not_in_mandate"
    NOT_IN_SCOPE = "not_in_scope"
    CAPACITY_NOT_REGISTERED = "capacity_not_registered"
    TOO_YOUNG = "too_young"


ALL = SUBJECT_CAPABILITIES
ADULT_AGE = 18
HEALTH_CONSENT_AGE = 16  # the young person decides alone from 16 (pasient- og brukerrettighetsloven)
RESTRICTED_FROM_AGE = 12  # from 12 the child may keep items from parents
CHILD_HEARD_FROM_AGE = 7  # a parent consenting for a child of 7–15 records the child's view


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Person:
    birth_date: date
    protected_address: bool = False
    lacks_capacity: bool = False  # KE has registered a reasoned decision


@dataclass(frozen=True)
class Relation:
    basis: Basis
    represented: Person
    holder: Person
    valid_from: date | None = None
    valid_to: date | None = None  # inclusive: the last day it is valid
    revoked_on: date | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Grant:
    capabilities: frozenset[Capability]
    denial: Denial = Denial.NONE
    hides_private_items: bool = False  # 12–15: the child's items marked private stay hidden

    def allows(self, capability: Capability) -> bool:
        return capability in self.capabilities


NOTHING = Grant(frozenset())


def _denied(reason: Denial) -> Grant:
    return Grant(frozenset(), reason)


def own_capabilities(person: Person, today: date) -> frozenset[Capability]:
    """What a person may do in their own plan: everything, but consent and fullmakt from 16, and
    keeping goals from parents only from 12 until 16 (from 16 parents see nothing anyway)."""
    age = age_on(person.birth_date, today)
    if age >= HEALTH_CONSENT_AGE:
        return ALL - {Capability.GOAL_KEEP_PRIVATE}
    young = {Capability.PLAN_READ, Capability.PLAN_CONTRIBUTE, Capability.ACCESSLOG_READ, Capability.CALENDAR_MANAGE}
    if age >= RESTRICTED_FROM_AGE:
        young.add(Capability.GOAL_KEEP_PRIVATE)
    return frozenset(young)


def hears_child(basis: str, child_birth_date: date, today: date) -> bool:
    """A parent acting for a child aged 7–15 records what the child thinks of a consent."""
    return basis == Basis.PARENT and CHILD_HEARD_FROM_AGE <= age_on(child_birth_date, today) < HEALTH_CONSENT_AGE


def _period_denial(relation: Relation, today: date) -> Denial:
    if relation.revoked_on is not None and relation.revoked_on <= today:
        return Denial.REVOKED
    if relation.valid_from is not None and today < relation.valid_from:
        return Denial.NOT_STARTED
    if relation.valid_to is not None and today > relation.valid_to:
        return Denial.EXPIRED
    return Denial.NONE


def _parent(relation: Relation, today: date) -> Grant:
    child = relation.represented
    if child.protected_address:
        return _denied(Denial.PROTECTED_ADDRESS)
    age = age_on(child.birth_date, today)
    if age >= HEALTH_CONSENT_AGE:
        return _denied(Denial.CHILD_TURNED_16)
    # Parents consent for children under 16; the child is heard, and from 12 may keep items private.
    capabilities = frozenset(
        {Capability.PLAN_READ, Capability.PLAN_CONTRIBUTE, Capability.CONSENT_MANAGE, Capability.ACCESSLOG_READ}
    )
    return Grant(capabilities, hides_private_items=age >= RESTRICTED_FROM_AGE)


def _guardian(relation: Relation) -> Grant:
    mandate = relation.scopes & {GuardianMandate.PERSONAL, GuardianMandate.HEALTH}
    if not mandate:
        return _denied(Denial.NOT_IN_MANDATE)
    capabilities = {Capability.PLAN_READ, Capability.PLAN_CONTRIBUTE, Capability.ACCESSLOG_READ}
    if GuardianMandate.HEALTH in mandate:
        capabilities.add(Capability.CONSENT_MANAGE)  # consent on the person's behalf when the mandate covers it
    return Grant(frozenset(capabilities))


def _power_of_attorney(relation: Relation, today: date) -> Grant:
    if age_on(relation.represented.birth_date, relation.valid_from or today) < HEALTH_CONSENT_AGE:
        return _denied(Denial.TOO_YOUNG)
    capabilities: set[Capability] = set()
    if AttorneyScope.READ in relation.scopes or AttorneyScope.CONTRIBUTE in relation.scopes:
        capabilities.add(Capability.PLAN_READ)
    if AttorneyScope.CONTRIBUTE in relation.scopes:
        capabilities.add(Capability.PLAN_CONTRIBUTE)
    if not capabilities:
        return _denied(Denial.NOT_IN_SCOPE)
    # Never more than the person has, and an ordinary fullmakt never covers consent .
    capabilities &= own_capabilities(relation.represented, today)
    capabilities -= {Capability.CONSENT_MANAGE, Capability.REPRESENTATION_MANAGE}
    return Grant(frozenset(capabilities))


def _relative(relation: Relation) -> Grant:
    if not relation.represented.lacks_capacity:
        return _denied(Denial.CAPACITY_NOT_REGISTERED)
    return Grant(frozenset({Capability.PLAN_READ, Capability.PLAN_CONTRIBUTE, Capability.CONSENT_MANAGE}))


def grant_for(relation: Relation, today: date) -> Grant:
    """What the holder may do for the represented person today, or why nothing; never what only
    the person may do themselves."""
    grant = _grant_for(relation, today)
    if grant.capabilities & OWN_ONLY:
        return Grant(grant.capabilities - OWN_ONLY, grant.denial, grant.hides_private_items)
    return grant


def _grant_for(relation: Relation, today: date) -> Grant:
    if age_on(relation.holder.birth_date, today) < ADULT_AGE:
        return _denied(Denial.TOO_YOUNG)
    period = _period_denial(relation, today)
    if period is not Denial.NONE:
        return _denied(period)
    if relation.basis is Basis.PARENT:
        return _parent(relation, today)
    if relation.basis is Basis.GUARDIAN:
        return _guardian(relation)
    if relation.basis is Basis.POWER_OF_ATTORNEY:
        return _power_of_attorney(relation, today)
    if relation.basis is Basis.RELATIVE:
        return _relative(relation)
    return NOTHING


def may_grant_power_of_attorney(grantor: Person, holder: Person, today: date) -> Denial:
    """A fullmakt is given by someone 16 or older to someone 18 or older ."""
    if age_on(grantor.birth_date, today) < HEALTH_CONSENT_AGE:
        return Denial.TOO_YOUNG
    if age_on(holder.birth_date, today) < ADULT_AGE:
        return Denial.TOO_YOUNG
    return Denial.NONE
