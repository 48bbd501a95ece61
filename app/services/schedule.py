"""When a measure happens: RFC 5545 recurrence text (DTSTART + RRULE) read and expanded with
python-dateutil, in Norwegian time, so "Mondays 08:00" stays 08:00 across a DST change."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import DAILY, WEEKLY, rrule, rrulestr

from app.domain.clock import OSLO

# A start in Norwegian time, and at most one rule that repeats no more often than daily:
# FREQ=SECONDLY/MINUTELY/HOURLY is no way to describe help in a plan, and could expand forever.
_DTSTART = re.compile(r"\ADTSTART;TZID=Europe/Oslo:([0-9]{8}T[0-9]{6})\Z")
_RRULE = re.compile(r"\ARRULE:(FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*)\Z")


class AbsurdSchedule(ValueError):
    """A schedule that cannot be meant: unreadable, never happening (ends before it starts), or without length."""


def recurrence_text(start: datetime, rule: str | None = None) -> str:
    """The stored text for a local start and an optional RRULE value ("FREQ=WEEKLY;BYDAY=MO,TH")."""
    lines = [f"DTSTART;TZID=Europe/Oslo:{start:%Y%m%dT%H%M%S}"]
    if rule:
        lines.append(f"RRULE:{rule}")
    return "\n".join(lines)


def parts(text: str) -> tuple[datetime, str | None]:
    """The local start and the RRULE value of stored text, or AbsurdSchedule if unreadable."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    start = _DTSTART.match(lines[0]) if lines else None
    rules = [_RRULE.match(line) for line in lines[1:]]
    if start is None or len(rules) > 1 or not all(rules):
        raise AbsurdSchedule("unreadable")
    try:
        dtstart = datetime.strptime(start.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=OSLO)
    except ValueError as error:  # 20260230T…
        raise AbsurdSchedule(str(error)) from error
    return dtstart, rules[0].group(1) if rules else None


def parse(text: str, duration_minutes: int) -> rrule:
    """The rule for stored text, or AbsurdSchedule."""
    if duration_minutes <= 0:
        raise AbsurdSchedule("no length")
    return _parsed(text)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> rrule:
    """Parsed once per process: the same few rules are read on every page view (rrule objects
    are not changed by use; an AbsurdSchedule is raised again, not cached)."""
    dtstart, rule_value = parts(text)
    try:
        rule = rrulestr(rule_value, dtstart=dtstart) if rule_value else rrule(DAILY, count=1, dtstart=dtstart)
    except (ValueError, TypeError) as error:  # BYDAY=XX, a local UNTIL with a zoned start…
        raise AbsurdSchedule(str(error)) from error
    if next(iter(rule), None) is None:  # UNTIL before DTSTART, COUNT=0: it never happens
        raise AbsurdSchedule("never happens")
    return rule


def occurrences(text: str, duration_minutes: int, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Each (start, end) of the schedule that overlaps [start, end), in Norwegian time."""
    rule = parse(text, duration_minutes)
    length = timedelta(minutes=duration_minutes)
    found = _fast_forward(rule, start - length).between(start - length, end, inc=True)
    return [(s, s + length) for s in found if s + length > start and s < end]


def _fast_forward(rule: rrule, until: datetime) -> rrule:
    """The same rule, started whole periods later, just before `until`.

    dateutil expands from DTSTART, so a weekly rule from January walks every week to November
    before it reaches the week asked for. Moving DTSTART on by whole periods (INTERVAL days or
    weeks, in Norwegian wall-clock time) keeps every occurrence from then on. Not done for COUNT
    (it counts from the start) nor for months and years (their lengths vary; few occur anyway)."""
    if rule._count is not None or rule._freq not in (DAILY, WEEKLY):
        return rule
    period = timedelta(days=rule._interval * (7 if rule._freq == WEEKLY else 1))
    dtstart = rule._dtstart
    periods = (until.astimezone(OSLO).replace(tzinfo=None) - dtstart.replace(tzinfo=None)) // period - 1
    if periods <= 0:
        return rule
    return rule.replace(dtstart=(dtstart.replace(tzinfo=None) + periods * period).replace(tzinfo=OSLO))


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Norwegian time."""
    return datetime.combine(monday, time(), OSLO), datetime.combine(monday + timedelta(days=7), time(), OSLO)
