"""Identity numbers as ID-porten sends them in `pid`: eleven digits, two mod-11 check digits."""

from __future__ import annotations

from datetime import date

import pytest

from app.demo.data import PERSONS
from app.domain.identity_numbers import InvalidIdentityNumber, parse, parse_allowed

# Not synthetic, yet nobody can have it: born on 1 January 2038. Tests never use real numbers.
NOT_SYNTHETIC_UNBORN = "01013890036"
SYNTHETIC_D_NUMBER = "41818510061"


@pytest.mark.parametrize("pid", [p["pid"] for p in PERSONS])
def test_every_demo_person_has_a_valid_synthetic_number(pid):
    number = parse(pid)
    assert number.synthetic and not number.d_number


def test_the_birth_date_comes_from_the_number():
    assert parse("12838502510").birth_date == date(1985, 3, 12)
    assert parse("07811674014").birth_date == date(2016, 1, 7)  # individual number 740: born in the 2000s
    assert parse(SYNTHETIC_D_NUMBER).birth_date == date(1985, 1, 1)


def test_a_d_number_is_recognised():
    number = parse(SYNTHETIC_D_NUMBER)
    assert number.d_number and number.synthetic


@pytest.mark.parametrize(
    "value, reason",
    [
        ("1283850251", "format"),
        ("128385025100", "format"),
        ("1283850251x", "format"),
        ("", "format"),
        ("１２８３８５０２５１０", "format"),
        (None, "format"),
        (12838502510, "format"),
        ("12838502511", "check_digits"),
        ("12838502520", "check_digits"),
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(value, reason):
    with pytest.raises(InvalidIdentityNumber) as refused:
        parse(value)
    assert refused.value.reason == reason


def test_production_refuses_synthetic_numbers_and_accepts_others():
    with pytest.raises(InvalidIdentityNumber) as refused:
        parse_allowed("12838502510", allow_synthetic=False)
    assert refused.value.reason == "synthetic_in_production"
    assert parse_allowed(NOT_SYNTHETIC_UNBORN, allow_synthetic=False).birth_date == date(2038, 1, 1)
    assert parse_allowed("12838502510", allow_synthetic=True).synthetic
