"""iCalendar text (RFC 5545) for a phone's calendar, written by the icalendar library.

The library escapes TEXT values, folds lines at 75 octets without splitting a character and ends
them in CRLF; Europe/Oslo's VTIMEZONE comes from zoneinfo, so the file carries Norway's offsets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, vDDDTypes, vRecur

from app.domain.clock import OSLO

TZID = OSLO.key
# Later than any plan's help is likely to go on; past it a phone keeps the last offsets it knows.
YEARS_AHEAD = 20


def event(
    uid: str,
    stamp: datetime,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str | None = None,
    rule: str | None = None,
    exdates: Iterable[datetime] = (),
    recurrence_id: datetime | None = None,
) -> Event:
    """One VEVENT. A start in Norwegian time is written with TZID=Europe/Oslo; a UTC one with Z.

    `exdates`: the rule's visits that do not happen (in the zone of `start`, as RFC 5545 asks);
    `recurrence_id`: the visit of the rule (same UID) that this event moves to `start`."""
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", stamp.astimezone(UTC))
    if recurrence_id is not None:
        item.add("recurrence-id", recurrence_id)
    item.add("dtstart", start)
    item.add("dtend", end)
    if rule:
        item.add("rrule", vRecur.from_ical(rule))
    exdates = sorted(exdates)
    if exdates:
        item.add("exdate", exdates)
    item.add("summary", summary)
    if location is not None:
        item.add("location", location)
    item.add("description", description)
    return item


@lru_cache(maxsize=64)
def _oslo(first_year: int, last_year: int) -> Timezone:
    # Slow to compute, and the same for every feed whose events start in the same year.
    zone = Timezone.from_tzid(TZID, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    for part in zone.subcomponents:
        _onset_in_time_before(part)
    return zone


def _onset_in_time_before(part) -> None:
    """RFC 5545 writes a change of offset in the local time in force before it (02:00 when
    summer time starts, 03:00 when it ends); the library writes the start of summer time in the
    time after (03:00), which a strict calendar would read an hour late. Recomputed from zoneinfo."""
    zone = OSLO
    written = part.decoded("dtstart")
    offset_from, offset_to = part.decoded("tzoffsetfrom"), part.decoded("tzoffsetto")
    if offset_from == offset_to:
        return  # the first observance: no change happens there
    for offset in (offset_from, offset_to):
        instant = (written - offset).replace(tzinfo=UTC)
        if (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == offset_from and instant.astimezone(
            zone
        ).utcoffset() == offset_to:
            part["dtstart"] = vDDDTypes((instant + offset_from).replace(tzinfo=None))
            return


def calendar(name: str, events: Iterable[Event], today: date) -> str:
    """A VCALENDAR of the events, with Europe/Oslo's VTIMEZONE from the first event's year on."""
    cal = Calendar()
    cal.add("prodid", "-//Min plan//Min plan//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    events = list(events)
    first = min([today, *(item.decoded("dtstart").date() for item in events)])
    cal.add_component(_oslo(first.year, today.year + YEARS_AHEAD))
    for item in events:
        cal.add_component(item)
    return cal.to_ical().decode("utf-8")
