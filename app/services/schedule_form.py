"""Schedules the way a person says them — "Mondays and Thursdays 08:00–08:30 from 5 January until
further notice", "every other Wednesday", "once, 14 March 10:00" — made into the RFC 5545 text a
measure's schedule stores (app/services/schedule.py), read back into the form, and previewed as
the next few visits in Norwegian time, so 08:00 stays 08:00 across a change to or from summer time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.domain.clock import OSLO
from app.services.plan_parts import Occurrence
from app.services.schedule import AbsurdSchedule, parts, recurrence, recurrence_text

ONCE, WEEKLY, BIWEEKLY = "once", "weekly", "biweekly"
KINDS = (ONCE, WEEKLY, BIWEEKLY)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545 BYDAY, Monday first as in Norway
PREVIEW_COUNT = 5


class ScheduleRefused(ValueError):
    """A schedule that cannot be meant: {field: code}, the codes put in words by the form's schema."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("refused")
        self.errors = errors


@dataclass(frozen=True)
class ScheduleForm:
    """What the form says: how often, on which weekdays, from and to which time of day, from which
    day, and until which day (None: until further notice)."""

    kind: str
    weekdays: tuple[str, ...]
    starts: time
    ends: time
    first_day: date
    last_day: date | None = None


def _first_visit(form: ScheduleForm) -> date:
    """The first day the rule gives: RFC 5545 counts DTSTART as a visit, so it must be one."""
    if form.kind == ONCE:
        return form.first_day
    days = {WEEKDAYS.index(day) for day in form.weekdays}
    first = form.first_day
    while first.weekday() not in days:
        first += timedelta(days=1)
    return first


def refusals(form: ScheduleForm) -> dict[str, str]:
    """What is wrong with the form, by field: {} when it can be stored."""
    errors = {}
    if form.kind not in KINDS:
        errors["kind"] = "kind_unknown"
    if form.kind in (WEEKLY, BIWEEKLY) and not form.weekdays:
        errors["weekdays"] = "weekday_missing"
    if any(day not in WEEKDAYS for day in form.weekdays):
        errors["weekdays"] = "weekday_unknown"
    if form.ends <= form.starts:
        errors["ends"] = "ends_before_start"
    if form.last_day is not None and form.kind != ONCE and form.last_day < form.first_day:
        errors["last_day"] = "last_before_first"
    elif not errors and form.last_day is not None and form.kind != ONCE and _first_visit(form) > form.last_day:
        errors["last_day"] = "never_happens"
    return errors


def rule_of(form: ScheduleForm) -> str | None:
    """The RRULE value: None for once; weekly or every other week on the weekdays, until the end
    of the last day in Norwegian time, written in UTC as RFC 5545 wants with a zoned start."""
    if form.kind == ONCE:
        return None
    days = ",".join(day for day in WEEKDAYS if day in form.weekdays)
    rule = f"FREQ=WEEKLY;INTERVAL={2 if form.kind == BIWEEKLY else 1};BYDAY={days}"
    if form.last_day is not None:
        last = datetime.combine(form.last_day, time(23, 59, 59), OSLO)
        rule += f";UNTIL={last.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return rule


def occurrence(form: ScheduleForm) -> Occurrence:
    """The form as a measure's schedule entry, or ScheduleRefused."""
    errors = refusals(form)
    if errors:
        raise ScheduleRefused(errors)
    first = datetime.combine(_first_visit(form), form.starts)
    minutes = (
        datetime.combine(form.first_day, form.ends) - datetime.combine(form.first_day, form.starts)
    ).seconds // 60
    made = Occurrence(first, rule_of(form), minutes)
    try:
        recurrence(recurrence_text(made.first_start, made.rule), made.minutes)
    except AbsurdSchedule as error:
        raise ScheduleRefused({"kind": "unreadable"}) from error
    return made


def preview(form: ScheduleForm, after: datetime | None = None, count: int = PREVIEW_COUNT):
    """The next `count` visits from `after` (else from the start), each (start, end) in Norwegian
    time; ScheduleRefused when the form cannot be stored."""
    made = occurrence(form)
    text = recurrence_text(made.first_start, made.rule)
    rule = recurrence(text, made.minutes).rule
    length = timedelta(minutes=made.minutes)
    found = []
    for start in rule if after is None else rule.xafter(after.astimezone(OSLO), inc=True):
        found.append((start, start + length))
        if len(found) == count:
            break
    return found


def form_of(text: str, minutes: int) -> ScheduleForm | None:
    """A stored schedule back in the form's words, or None when the form cannot say it (a
    monthly rule, a COUNT: made elsewhere, shown as it is and replaced only on purpose)."""
    try:
        start, rule = parts(text)
    except AbsurdSchedule:
        return None
    ends = (datetime.combine(start.date(), start.time()) + timedelta(minutes=minutes)).time()
    if ends <= start.time():
        return None
    if rule is None:
        return ScheduleForm(ONCE, (), start.time(), ends, start.date())
    params = dict(part.split("=", 1) for part in rule.split(";"))
    known = {"FREQ", "INTERVAL", "BYDAY", "UNTIL"}
    interval = params.get("INTERVAL", "1")
    if set(params) - known or params.get("FREQ") != "WEEKLY" or interval not in ("1", "2") or "BYDAY" not in params:
        return None
    weekdays = tuple(params["BYDAY"].split(","))
    if any(day not in WEEKDAYS for day in weekdays):
        return None
    last_day = None
    if "UNTIL" in params:
        try:
            until = datetime.strptime(params["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return None
        last_day = until.astimezone(OSLO).date()
    kind = BIWEEKLY if interval == "2" else WEEKLY
    return ScheduleForm(kind, weekdays, start.time(), ends, start.date(), last_day)
