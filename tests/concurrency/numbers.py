"""Synthetic identity numbers (month + 80: never a real person) for people no one has met yet."""

from __future__ import annotations

import itertools

from app.domain.identity_numbers import InvalidIdentityNumber, parse

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check(digits: str, weights) -> int | None:
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if check == 11 else None if check == 10 else check


def synthetic_adults(day: int = 14, month: int = 3, year: int = 71):
    """Endless valid synthetic numbers of adults born on one day in 19yy, never a demo person's."""
    for individual in itertools.count(300):
        base = f"{day:02d}{month + 80:02d}{year:02d}{individual:03d}"
        first = _check(base, _W1)
        if first is None:
            continue
        second = _check(base + str(first), _W2)
        if second is None:
            continue
        number = base + str(first) + str(second)
        try:
            parse(number)
        except InvalidIdentityNumber:
            continue
        yield number
