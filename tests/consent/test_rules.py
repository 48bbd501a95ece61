"""The consent rules as plain functions: what counts as sharing more, what a consent means on a
day, and when a child's view is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.domain.rules import hears_child
from app.services.consents import Terms, state, widens

DAY = date(2026, 11, 22)
BEFORE = Terms(("health", "daily-living"), "Samarbeid.", date(2026, 1, 10), date(2027, 12, 31), "Ikke ryggen.")


@pytest.mark.parametrize(
    "after, wider",
    [
        (BEFORE, False),
        (Terms(("health",), "Samarbeid.", date(2026, 1, 10), date(2027, 12, 31), "Ikke ryggen."), False),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2026, 1, 10), date(2027, 6, 30), "Ikke ryggen."), False),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2026, 3, 1), date(2027, 12, 31), "Ikke ryggen."), False),
        (
            Terms(
                ("health", "daily-living"),
                "Samarbeid.",
                date(2026, 1, 10),
                date(2027, 12, 31),
                "Ikke ryggen. Ikke medisiner.",
            ),
            False,
        ),
        (
            Terms(
                ("health", "daily-living", "housing"),
                "Samarbeid.",
                date(2026, 1, 10),
                date(2027, 12, 31),
                "Ikke ryggen.",
            ),
            True,
        ),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2026, 1, 10), date(2028, 1, 1), "Ikke ryggen."), True),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2026, 1, 10), None, "Ikke ryggen."), True),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2025, 12, 1), date(2027, 12, 31), "Ikke ryggen."), True),
        (Terms(("health", "daily-living"), "Samarbeid.", date(2026, 1, 10), date(2027, 12, 31), None), True),
        (Terms(("health", "daily-living"), "Alt mulig.", date(2026, 1, 10), date(2027, 12, 31), "Ikke ryggen."), True),
    ],
    ids=[
        "same",
        "fewer-areas",
        "earlier-end",
        "later-start",
        "more-excluded",
        "more-areas",
        "later-end",
        "no-end",
        "earlier-start",
        "exclusion-removed",
        "other-purpose",
    ],
)
def test_what_counts_as_sharing_more(after, wider):
    assert widens(BEFORE, after) is wider


def test_giving_anew_always_counts_as_sharing_more():
    assert widens(None, BEFORE)


@dataclass
class _Consent:
    status: str
    valid_from: date
    valid_to: date | None


@pytest.mark.parametrize(
    "consent, meaning",
    [
        (None, "none"),
        (_Consent("withdrawn", date(2026, 1, 1), None), "withdrawn"),
        (_Consent("given", date(2026, 1, 1), date(2026, 11, 21)), "ended"),
        (_Consent("given", date(2026, 1, 1), DAY), "active"),  # the last day is a whole day
        (_Consent("given", date(2026, 11, 23), None), "not-started"),
        (_Consent("given", DAY, None), "active"),
    ],
)
def test_what_a_consent_means_on_a_day(consent, meaning):
    assert state(consent, DAY) == meaning


@pytest.mark.parametrize(
    "basis, born, asked",
    [
        ("parent", date(2020, 11, 23), False),  # 5 (6 tomorrow)
        ("parent", date(2019, 11, 22), True),  # 7 today
        ("parent", date(2010, 11, 23), True),  # 15, 16 tomorrow
        ("guardian", date(2012, 1, 1), False),  # only a parent asks the child
        ("self", date(2012, 1, 1), False),
    ],
)
def test_a_childs_view_is_asked_for_from_7_until_16_when_a_parent_acts(basis, born, asked):
    assert hears_child(basis, born, DAY) is asked
