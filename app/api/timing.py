"""When a measure happens, as FHIR Timing: its RFC 5545 rule (app/services/schedule.py) read into
`repeat` (days, period, time of day, length, bounds) as far as Timing can say it, and the rule
itself beside it in the `recurrence` extension, which is exact where Timing is not (the first
Tuesday of the month)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.api import profile
from app.models.measure import ScheduleEntry
from app.services import schedule

WEEKDAYS = {"MO": "mon", "TU": "tue", "WE": "wed", "TH": "thu", "FR": "fri", "SA": "sat", "SU": "sun"}
UNITS = {"DAILY": "d", "WEEKLY": "wk", "MONTHLY": "mo", "YEARLY": "a"}


def _until(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def timing(entry: ScheduleEntry) -> dict | None:
    """The Timing of one time pattern, or None for a rule that cannot be read (never stored by the services)."""
    try:
        start, rule = schedule.parts(entry.recurrence)
    except schedule.AbsurdSchedule:
        return None
    data: dict = {"extension": [{"url": profile.EXT_RECURRENCE, "valueString": entry.recurrence}]}
    repeat: dict = {"duration": entry.duration_minutes, "durationUnit": "min"}
    if rule is None:
        return {**data, "event": [start], "repeat": repeat}
    params = dict(part.split("=", 1) for part in rule.split(";"))
    days = [WEEKDAYS[day] for day in params.get("BYDAY", "").split(",") if day in WEEKDAYS]
    bounds: dict = {"start": start}
    if "UNTIL" in params and _until(params["UNTIL"]):
        bounds["end"] = _until(params["UNTIL"])
    repeat.update(
        boundsPeriod=bounds,
        frequency=len(days) if params["FREQ"] == "WEEKLY" and days else 1,
        period=int(params.get("INTERVAL", "1")),
        periodUnit=UNITS[params["FREQ"]],
        timeOfDay=[start.time()],
    )
    if days and params["FREQ"] in ("DAILY", "WEEKLY"):
        repeat["dayOfWeek"] = days
    if "COUNT" in params:
        repeat["count"] = int(params["COUNT"])
    return {**data, "repeat": repeat}
