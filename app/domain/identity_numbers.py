"""Norwegian national identity numbers (fødselsnummer, D-number) as ID-porten sends them in `pid`.

Eleven digits: birth date DDMMYY, a three-digit individual number and two mod-11 check digits.
A D-number adds 4 to the first digit of the day. Synthetic test numbers (Skatteetaten's Tenor,
ID-porten's TestID) add 80 to the month: production must refuse them, and
development and tests must use nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidIdentityNumber(ValueError):
    """Not a well-formed identity number; `reason` says which rule it breaks (for logs)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IdentityNumber:
    value: str
    birth_date: date
    synthetic: bool
    d_number: bool


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    # One weight per digit: strict, so a number cut short can never be checked against fewer weights.
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        return 0
    return None if check == 10 else check  # 10 means no number was ever issued with these digits


def _century(year: int, individual: int) -> int | None:
    """The century from the individual number (Skatteetaten's allocation table)."""
    if individual <= 499:
        return 1900
    if individual <= 749 and year >= 54:
        return 1800
    if year <= 39:
        return 2000
    if individual >= 900:
        return 1900
    return None


def parse(value: object) -> IdentityNumber:
    """The identity number in `value`, or InvalidIdentityNumber saying why not."""
    if not isinstance(value, str) or len(value) != 11 or not value.isascii() or not value.isdigit():
        raise InvalidIdentityNumber("format")
    if _check_digit(value[:9], _WEIGHTS_1) != int(value[9]) or _check_digit(value[:10], _WEIGHTS_2) != int(value[10]):
        raise InvalidIdentityNumber("check_digits")
    day, month, year, individual = int(value[0:2]), int(value[2:4]), int(value[4:6]), int(value[6:9])
    d_number = day > 40
    if d_number:
        day -= 40
    synthetic = month > 80
    if synthetic:
        month -= 80
    century = _century(year, individual)
    if century is None:
        raise InvalidIdentityNumber("individual_number")
    try:
        born = date(century + year, month, day)
    except ValueError:
        raise InvalidIdentityNumber("birth_date") from None
    return IdentityNumber(value=value, birth_date=born, synthetic=synthetic, d_number=d_number)


def parse_allowed(value: object, allow_synthetic: bool) -> IdentityNumber:
    """Like `parse`, and refuses synthetic numbers where they are not allowed (production)."""
    number = parse(value)
    if number.synthetic and not allow_synthetic:
        raise InvalidIdentityNumber("synthetic_in_production")
    return number
