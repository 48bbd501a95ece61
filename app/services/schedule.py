"""When a measure happens: RFC 5545 recurrence text (DTSTART + RRULE) read and expanded with
python-dateutil, in Norwegian time, so "Mondays 08:00" stays 08:00 across a DST change."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule, rrulestr

OSLO = ZoneInfo("Europe/Oslo")
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
    dtstart, rule_value = parts(text)
    if duration_minutes <= 0:
        raise AbsurdSchedule("no length")
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
    found = rule.between(start - length, end, inc=True)
    return [(s, s + length) for s in found if s + length > start and s < end]


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Norwegian time."""
    return datetime.combine(monday, time(), OSLO), datetime.combine(monday + timedelta(days=7), time(), OSLO)
