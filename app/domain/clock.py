"""Norwegian time: the one time zone and the one "today" every rule and page uses."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    """The date in Norway: a 16th birthday starts at midnight Norwegian time, not UTC."""
    return datetime.now(OSLO).date()


def now() -> datetime:
    """The time in Norway, aware of its offset."""
    return datetime.now(OSLO)


def local_date(moment: datetime) -> date:
    """The Norwegian date of an aware moment (stored in UTC)."""
    return moment.astimezone(OSLO).date()
