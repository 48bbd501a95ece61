"""Every kind of representation × age band × capability, with the boundaries the law draws."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.capabilities import SUBJECT_CAPABILITIES
from app.domain.rules import (
    AttorneyScope,
    Basis,
    Denial,
    GuardianMandate,
    Person,
    Relation,
    grant_for,
    may_grant_power_of_attorney,
    own_capabilities,
)
from app.domain.rules import (
    Capability as C,
)

EMMA_BORN = date(2016, 3, 7)  # a child with a plan
SARA_BORN = date(2012, 2, 15)
PER = Person(date(1990, 4, 30))
KARI = Person(date(1985, 3, 12))
NILS = Person(date(1975, 11, 11))

ALL = set(SUBJECT_CAPABILITIES)
PARENT_FULL = {C.PLAN_READ, C.PLAN_CONTRIBUTE, C.CONSENT_MANAGE, C.ACCESSLOG_READ}


def birthday(born: date, years: int) -> date:
    return born.replace(year=born.year + years)


def parent(child_born: date, **person) -> Relation:
    return Relation(Basis.PARENT, represented=Person(child_born, **person), holder=PER)


@pytest.mark.parametrize(
    "today, capabilities, hides_private, denial",
    [
        (birthday(EMMA_BORN, 12) - timedelta(days=1), PARENT_FULL, False, Denial.NONE),
        (birthday(EMMA_BORN, 12), PARENT_FULL, True, Denial.NONE),
        (birthday(EMMA_BORN, 16) - timedelta(days=1), PARENT_FULL, True, Denial.NONE),
        (birthday(EMMA_BORN, 16), set(), False, Denial.CHILD_TURNED_16),
        (birthday(EMMA_BORN, 30), set(), False, Denial.CHILD_TURNED_16),
    ],
    ids=["day-before-12th", "12th-birthday", "day-before-16th", "16th-birthday", "adult"],
)
def test_parental_access_by_the_childs_age(today, capabilities, hides_private, denial):
    grant = grant_for(parent(EMMA_BORN), today)
    assert set(grant.capabilities) == capabilities
    assert grant.hides_private_items is hides_private
    assert grant.denial is denial


def test_parents_never_manage_the_childs_representations():
    grant = grant_for(parent(EMMA_BORN), date(2026, 11, 22))
    assert not grant.allows(C.REPRESENTATION_MANAGE)


def test_parental_representation_is_blocked_for_a_protected_address():
    grant = grant_for(parent(SARA_BORN, protected_address=True), date(2026, 11, 22))
    assert grant.capabilities == frozenset() and grant.denial is Denial.PROTECTED_ADDRESS


def test_a_leap_day_child_loses_parental_representation_on_the_leap_day_16_years_on():
    born = date(2012, 2, 29)  # 16 years after a leap year is again a leap year
    assert grant_for(parent(born), date(2028, 2, 28)).allows(C.PLAN_READ)
    assert grant_for(parent(born), date(2028, 2, 29)).denial is Denial.CHILD_TURNED_16


@pytest.mark.parametrize(
    "mandate, expected",
    [
        (
            {GuardianMandate.PERSONAL, GuardianMandate.HEALTH},
            {C.PLAN_READ, C.PLAN_CONTRIBUTE, C.ACCESSLOG_READ, C.CONSENT_MANAGE},
        ),
        ({GuardianMandate.PERSONAL}, {C.PLAN_READ, C.PLAN_CONTRIBUTE, C.ACCESSLOG_READ}),
        ({GuardianMandate.FINANCIAL}, set()),
        (set(), set()),
    ],
    ids=["personal-and-health", "personal-only", "financial-only", "no-mandate"],
)
def test_a_guardian_acts_within_the_registered_mandate(mandate, expected):
    relation = Relation(
        Basis.GUARDIAN,
        represented=Person(date(1998, 9, 3)),
        holder=Person(date(1962, 6, 21)),
        scopes=frozenset(mandate),
    )
    assert set(grant_for(relation, date(2026, 11, 22)).capabilities) == expected


def power_of_attorney(scopes, valid_to=None, revoked_on=None, grantor=KARI, holder=NILS) -> Relation:
    return Relation(
        Basis.POWER_OF_ATTORNEY,
        represented=grantor,
        holder=holder,
        valid_from=date(2026, 1, 1),
        valid_to=valid_to,
        revoked_on=revoked_on,
        scopes=frozenset(scopes),
    )


@pytest.mark.parametrize(
    "scopes, expected",
    [
        ({AttorneyScope.READ}, {C.PLAN_READ}),
        ({AttorneyScope.READ, AttorneyScope.CONTRIBUTE}, {C.PLAN_READ, C.PLAN_CONTRIBUTE}),
        ({AttorneyScope.CONTRIBUTE}, {C.PLAN_READ, C.PLAN_CONTRIBUTE}),
        ({"consent"}, set()),
    ],
    ids=["read", "read-and-contribute", "contribute-implies-read", "consent-is-never-a-scope"],
)
def test_a_power_of_attorney_gives_its_scopes_and_never_consent(scopes, expected):
    grant = grant_for(power_of_attorney(scopes), date(2026, 6, 1))
    assert set(grant.capabilities) == expected
    assert not grant.allows(C.CONSENT_MANAGE) and not grant.allows(C.REPRESENTATION_MANAGE)


@pytest.mark.parametrize(
    "today, allowed, denial",
    [
        (date(2025, 12, 31), False, Denial.NOT_STARTED),
        (date(2026, 1, 1), True, Denial.NONE),
        (date(2026, 12, 31), True, Denial.NONE),
        (date(2027, 1, 1), False, Denial.EXPIRED),
    ],
    ids=["day-before-start", "first-day", "last-valid-day", "day-after"],
)
def test_a_power_of_attorney_is_valid_from_its_first_to_its_last_day(today, allowed, denial):
    grant = grant_for(power_of_attorney({AttorneyScope.READ}, valid_to=date(2026, 12, 31)), today)
    assert grant.allows(C.PLAN_READ) is allowed
    assert grant.denial is denial


def test_a_revoked_power_of_attorney_ends_the_same_day():
    relation = power_of_attorney({AttorneyScope.READ}, revoked_on=date(2026, 5, 1))
    assert grant_for(relation, date(2026, 4, 30)).allows(C.PLAN_READ)
    assert grant_for(relation, date(2026, 5, 1)).denial is Denial.REVOKED


def test_a_holder_under_18_gets_nothing():
    relation = power_of_attorney({AttorneyScope.READ}, holder=Person(date(2010, 1, 1)))
    assert grant_for(relation, date(2026, 6, 1)).denial is Denial.TOO_YOUNG


@pytest.mark.parametrize(
    "lacks_capacity, expected",
    [(True, {C.PLAN_READ, C.PLAN_CONTRIBUTE, C.CONSENT_MANAGE}), (False, set())],
    ids=["capacity-registered-as-lacking", "not-registered"],
)
def test_a_relative_acts_only_when_ke_has_registered_lack_of_capacity(lacks_capacity, expected):
    relation = Relation(
        Basis.RELATIVE, represented=Person(date(1950, 1, 1), lacks_capacity=lacks_capacity), holder=KARI
    )
    assert set(grant_for(relation, date(2026, 11, 22)).capabilities) == expected


@pytest.mark.parametrize(
    "born, today, expected",
    [
        (date(2009, 8, 19), date(2025, 8, 18), ALL - {C.CONSENT_MANAGE, C.REPRESENTATION_MANAGE}),
        # From 16 parents see nothing, so there is nothing left to keep from them.
        (date(2009, 8, 19), date(2025, 8, 19), ALL - {C.GOAL_KEEP_PRIVATE}),
    ],
    ids=["day-before-16th", "16th-birthday"],
)
def test_a_young_person_decides_consent_and_fullmakt_from_16(born, today, expected):
    assert set(own_capabilities(Person(born), today)) == expected


@pytest.mark.parametrize(
    "grantor_born, holder_born, denial",
    [
        (date(2009, 8, 19), date(1990, 4, 30), Denial.NONE),  # Jonas (16) to his father
        (date(2012, 2, 15), date(1975, 11, 11), Denial.TOO_YOUNG),  # Sara (14) cannot grant
        (date(1985, 3, 12), date(2010, 1, 1), Denial.TOO_YOUNG),  # to someone under 18
    ],
    ids=["16-year-old-to-parent", "grantor-under-16", "holder-under-18"],
)
def test_who_may_grant_a_power_of_attorney(grantor_born, holder_born, denial):
    assert may_grant_power_of_attorney(Person(grantor_born), Person(holder_born), date(2026, 11, 22)) is denial
