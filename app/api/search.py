"""The search parameters the API understands, parsed strictly: an unknown parameter, a malformed
value or a `_count` below one is refused (400), never silently ignored, so a system never gets
more people's data than it asked for. `_count` above the limit is cut to it, as FHIR allows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.api import profile
from app.domain.clock import OSLO
from app.schemas import form_integer

DEFAULT_COUNT = 20
PREFIXES = ("eq", "gt", "ge", "lt", "le")
# Always allowed: the format we answer in anyway.
GENERAL = {"_format"}
JSON_FORMATS = {"json", "application/json", "application/fhir+json"}


# Dates a search may name: beyond them a comparison could not even be computed in UTC.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class BadSearch(ValueError):
    pass


def check_known(args, allowed: set[str]) -> None:
    unknown = sorted(set(args) - allowed - GENERAL)
    if unknown:
        raise BadSearch(f"unsupported search parameter(s): {', '.join(unknown)}")
    for name in args:
        if len(args.getlist(name)) > 1 and name != "_lastUpdated":
            raise BadSearch(f"{name} may be given once")
    if "_format" in args and args["_format"] not in JSON_FORMATS:
        raise BadSearch("only JSON is served")


def page(args, max_count: int) -> tuple[int, int]:
    """(count, the id to continue after) from `_count` and the server's own `_after` cursor."""
    # A whole number a row id could be (form_integer: ASCII digits, at most the database's integer).
    count = form_integer(args.get("_count", str(DEFAULT_COUNT)), 1)
    after = form_integer(args.get("_after", "0"), 0)
    if count is None:
        raise BadSearch("_count is a whole number, at least 1")
    if after is None:
        raise BadSearch("_after is the cursor a next link gave")
    return min(count, max_count), after


def identity_number(token: str) -> str:
    """The value of `system|value` (or a bare value) naming a national identity or D-number."""
    system, bar, value = token.rpartition("|")
    if bar and system not in profile.IDENTITY_SYSTEMS:
        raise BadSearch(f"identifier system must be one of {', '.join(profile.IDENTITY_SYSTEMS)}")
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise BadSearch("an identity number has 11 digits")
    return value


def reference_id(value: str, resource_type: str) -> int:
    """The id of `<resource_type>/<id>` or a bare id."""
    value = value.removeprefix(f"{resource_type}/")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise BadSearch(f"expected a {resource_type} id")
    return int(value)


def patient_id(value: str) -> int:
    return reference_id(value, "Patient")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=OSLO)


def last_updated(values: list[str]) -> tuple[tuple[str, datetime], ...]:
    """`_lastUpdated` comparisons: a day (in Norway's time) or an instant with its zone."""
    found = []
    for raw in values:
        prefix, text = (raw[:2], raw[2:]) if raw[:2] in PREFIXES else ("eq", raw)
        try:
            if not FIRST_YEAR <= int(text[:4] if text[:4].isdigit() else 0) <= LAST_YEAR:
                raise ValueError("year out of range")
            if len(text) == 10:
                start = _day_start(date.fromisoformat(text))
                end = start + timedelta(days=1)
                found += {
                    "eq": [("ge", start), ("lt", end)],
                    "gt": [("ge", end)],
                    "ge": [("ge", start)],
                    "lt": [("lt", start)],
                    "le": [("lt", end)],
                }[prefix]
                continue
            moment = datetime.fromisoformat(text)
        except (ValueError, OverflowError):
            raise BadSearch(
                f"_lastUpdated is a date (2026-12-01) or an instant with its zone, years {FIRST_YEAR}–{LAST_YEAR}"
            ) from None
        if moment.tzinfo is None:
            raise BadSearch("_lastUpdated as an instant needs its zone (Z or +01:00)")
        found.append((prefix, moment))
    return tuple(found)
