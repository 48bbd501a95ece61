"""A Timing a municipal system sends for a measure, read into the same RFC 5545 schedule the
coordinator's form makes (app/services/schedule.py), or Refused. The `recurrence` extension, when
sent, is the rule exactly (as the API gives it); without it, `repeat` is read as far as it says
a weekly, daily, monthly or yearly pattern in Norwegian time, or `event` as one visit. A Timing
that never occurs, repeats more often than daily, or has no length is refused (422)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from fhir.resources.R4B.timing import Timing

from app.api import profile
from app.api.request_body import Refused
from app.api.timing import UNITS, WEEKDAYS, timing
from app.domain.clock import OSLO
from app.models.measure import ScheduleEntry
from app.services import schedule
from app.services.plan_parts import Occurrence

FREQUENCIES = {unit: freq for freq, unit in UNITS.items()}
BYDAY = {name: code for code, name in WEEKDAYS.items()}
MINUTES = {"min": 1, "h": 60}
LONGEST_MINUTES = 24 * 60
# What of Timing.repeat is read: anything else sent is refused, never dropped.
LENGTH = {"duration", "durationUnit"}
PATTERN = LENGTH | {"boundsPeriod", "count", "frequency", "period", "periodUnit", "dayOfWeek", "timeOfDay"}


def _never(reason: str) -> Refused:
    return Refused(422, "invariant", f"a Timing that never occurs or cannot be meant: {reason}")


def _minutes(repeat) -> int:
    if repeat is None or repeat.duration is None or repeat.durationUnit not in MINUTES:
        raise Refused(422, "required", "a Timing says how long each time lasts: repeat.duration in min or h")
    minutes = Decimal(repeat.duration) * MINUTES[repeat.durationUnit]
    if minutes != minutes.to_integral_value() or not 0 < minutes <= LONGEST_MINUTES:
        raise _never("each time lasts whole minutes, at most a day")
    return int(minutes)


def _local(moment) -> datetime:
    """A FHIR dateTime in Norwegian wall-clock time: with a zone converted, without one taken as Norway's."""
    if not isinstance(moment, datetime):
        raise Refused(422, "invariant", "a Timing's start is a date with a time of day")
    if moment.tzinfo is not None:
        moment = moment.astimezone(OSLO)
    return moment.replace(tzinfo=None, microsecond=0)


def _from_extension(text: str, minutes: int) -> Occurrence:
    try:
        start, rule = schedule.parts(text)
        schedule.recurrence(text, minutes)
    except schedule.AbsurdSchedule as error:
        raise _never(str(error)) from None
    return Occurrence(start.replace(tzinfo=None), rule, minutes)


def _rule(repeat, start: datetime) -> str:
    if repeat.periodUnit not in FREQUENCIES or repeat.frequencyMax or repeat.periodMax:
        raise Refused(422, "not-supported", "repeat says daily, weekly, monthly or yearly (d, wk, mo, a) patterns")
    if repeat.when or repeat.offset is not None:
        raise Refused(422, "not-supported", "repeat.when is not supported: give timeOfDay")
    period = Decimal(repeat.period or 1)
    if period != period.to_integral_value() or not 1 <= period <= 52:
        raise _never("period is a whole number from 1")
    days = [BYDAY[day] for day in repeat.dayOfWeek or []]
    expected = len(days) if days and repeat.periodUnit == "wk" else 1
    if (repeat.frequency or 1) != expected:
        raise Refused(422, "not-supported", "frequency is 1, or the number of dayOfWeek for a weekly pattern")
    rule = f"FREQ={FREQUENCIES[repeat.periodUnit]};INTERVAL={int(period)}"
    if days:
        rule += f";BYDAY={','.join(code for code in BYDAY.values() if code in days)}"
    bounds = repeat.boundsPeriod
    if repeat.count is not None:
        rule += f";COUNT={repeat.count}"
    if bounds is not None and bounds.end is not None:
        end = bounds.end if isinstance(bounds.end, datetime) else None
        if end is None:
            raise _never("boundsPeriod.end is a date with a time of day")
        until = end if end.tzinfo else end.replace(tzinfo=OSLO)
        rule += f";UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return rule


def _only(repeat, allowed: set[str], what: str) -> None:
    """Refused, naming them, when `repeat` says anything Min plan would not keep."""
    said = set(repeat.model_dump(exclude_none=True)) if repeat is not None else set()
    if said - allowed:
        raise Refused(
            422, "not-supported", f"{what}: repeat.{', repeat.'.join(sorted(said - allowed))} is not supported"
        )


def _from_repeat(found, minutes: int) -> Occurrence:
    repeat = found.repeat
    if found.event:
        _only(repeat, LENGTH, "one event is one visit, with its length")
        if len(found.event) != 1:
            raise Refused(422, "not-supported", "one event is one visit; a pattern is said in repeat")
        return _checked(Occurrence(_local(found.event[0]), None, minutes))
    _only(repeat, PATTERN, "a pattern")
    if len(set(repeat.dayOfWeek or [])) != len(repeat.dayOfWeek or []):
        raise Refused(422, "invariant", "each dayOfWeek once")
    if repeat.boundsPeriod is None or repeat.boundsPeriod.start is None:
        raise Refused(422, "required", "a repeating Timing starts at repeat.boundsPeriod.start")
    times = repeat.timeOfDay or []
    if len(times) > 1:
        raise Refused(422, "not-supported", "one timeOfDay per Timing: send each time as its own Timing")
    bound = repeat.boundsPeriod.start
    if times and isinstance(bound, date) and not isinstance(bound, datetime):
        start = datetime.combine(bound, times[0])  # a day and the time of day, in Norway
    else:
        start = _local(bound)
        if times:
            start = datetime.combine(start.date(), times[0])
    rule = _rule(repeat, start)
    first = start
    days = {list(BYDAY).index(name) for name in repeat.dayOfWeek or []}
    while days and first.weekday() not in days and first - start < timedelta(days=7):
        first += timedelta(days=1)  # RFC 5545 counts the start as a visit, so it must be one
    return _checked(Occurrence(first, rule, minutes))


def _checked(made: Occurrence) -> Occurrence:
    try:
        schedule.recurrence(schedule.recurrence_text(made.first_start, made.rule), made.minutes)
    except schedule.AbsurdSchedule as error:
        raise _never(str(error)) from None
    return made


def occurrence(found) -> Occurrence:
    """One Timing as a schedule entry, or Refused."""
    try:
        return _occurrence(found)
    except OverflowError:  # year 1 or 9999 moved across a zone or a week
        raise _never("a date out of range") from None


def _occurrence(found) -> Occurrence:
    if found.code is not None or found.modifierExtension:
        raise Refused(422, "not-supported", "Timing.code and modifier extensions are not supported")
    minutes = _minutes(found.repeat)
    rules = [e for e in found.extension or [] if e.url == profile.EXT_RECURRENCE]
    if len(rules) != len(found.extension or []) or len(rules) > 1:
        raise Refused(422, "not-supported", "a Timing carries only the recurrence extension")
    if rules:
        made = _from_extension(rules[0].valueString or "", minutes)
        _agrees(found, made)
        return made
    return _from_repeat(found, minutes)


def _agrees(found, made: Occurrence) -> None:
    """A Timing read, changed in `repeat` and sent back with its old rule would be two answers to
    one question: the rule and whatever else `repeat` says must be the same pattern."""
    said = found.repeat.model_dump(exclude_none=True) if found.repeat else {}
    if set(said) <= {"duration", "durationUnit"} and not found.event:
        return
    entry = ScheduleEntry(
        recurrence=schedule.recurrence_text(made.first_start, made.rule), duration_minutes=made.minutes
    )
    expected = Timing.model_validate(timing(entry))
    if said != expected.repeat.model_dump(exclude_none=True) or found.event != expected.event:
        raise Refused(
            422, "invariant", "repeat and the recurrence extension say different times: send one of them changed"
        )
