"""The iCalendar text a phone reads, checked by parsing it back with icalendar: events, times in
Oslo across a DST change, escaped text, lines folded at 75 octets (RFC 5545 §3.1, §3.3.11)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from app import ical

OSLO = ZoneInfo("Europe/Oslo")
STAMP = datetime(2026, 3, 1, 12, tzinfo=UTC)
TRICKY = "Møte; rom 2, 3. etg\nbak kafeen, ved «inngang B»"


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _text() -> str:
    weekly = ical.event(
        "schedule-1@min-plan",
        STAMP,
        datetime(2026, 3, 23, 8, tzinfo=OSLO),
        datetime(2026, 3, 23, 8, 30, tzinfo=OSLO),
        "Hjelp med medisiner, morgen; kveld",
        "æøå " * 40,
        rule="FREQ=WEEKLY;BYDAY=MO",
    )
    meeting = ical.event(
        "meeting-1@min-plan",
        STAMP,
        datetime(2026, 4, 1, 7, tzinfo=UTC),
        datetime(2026, 4, 1, 8, 30, tzinfo=UTC),
        "Koordineringsmøte",
        "Invitert: Kari, Nils",
        location=TRICKY,
    )
    return ical.calendar("Min plan", [weekly, meeting], date(2026, 3, 1))


def _events(text: str) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def test_the_calendar_parses_back_with_its_events():
    parsed = icalendar.Calendar.from_ical(_text())
    assert (str(parsed["VERSION"]), str(parsed["PRODID"]), str(parsed["X-WR-CALNAME"])) == (
        "2.0",
        "-//Min plan//Min plan//NO",
        "Min plan",
    )
    events = _events(_text())
    assert sorted(events) == ["meeting-1@min-plan", "schedule-1@min-plan"]
    weekly, meeting = events["schedule-1@min-plan"], events["meeting-1@min-plan"]
    assert str(weekly["SUMMARY"]) == "Hjelp med medisiner, morgen; kveld"
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert weekly.decoded("DTSTAMP") == STAMP
    assert meeting.decoded("DTSTART") == datetime(2026, 4, 1, 7, tzinfo=UTC)
    assert meeting.decoded("DTEND") == datetime(2026, 4, 1, 8, 30, tzinfo=UTC)
    assert "RRULE" not in meeting


def test_help_at_eight_in_oslo_stays_at_eight_across_the_change_to_summer_time():
    weekly = _events(_text())["schedule-1@min-plan"]
    assert "DTSTART;TZID=Europe/Oslo:20260323T080000" in unfold(_text())
    start = weekly.decoded("DTSTART")
    assert start.tzinfo.key == "Europe/Oslo"
    mondays = rrulestr(weekly["RRULE"].to_ical().decode(), dtstart=start)[:2]
    assert [m.strftime("%d %H:%M") for m in mondays] == ["23 08:00", "30 08:00"]
    # Summer time begins on Sunday 29 March 2026: 07:00 UTC before it, 06:00 UTC after.
    assert [m.astimezone(UTC).hour for m in mondays] == [7, 6]
    assert weekly.decoded("DTEND") - start == timedelta(minutes=30)


def test_the_oslo_time_zone_in_the_file_gives_norways_offsets():
    (vtimezone,) = icalendar.Calendar.from_ical(_text()).walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Oslo"
    from_file = vtimezone.to_tz()
    for day in range(0, 365 * 5, 5):
        moment = datetime(2026, 1, 1, 12) + timedelta(days=day)
        assert moment.replace(tzinfo=from_file).utcoffset() == moment.replace(tzinfo=OSLO).utcoffset(), moment


def test_commas_semicolons_and_newlines_are_escaped_and_come_back():
    lines = unfold(_text())
    assert "LOCATION:Møte\\; rom 2\\, 3. etg\\nbak kafeen\\, ved «inngang B»" in lines
    assert "SUMMARY:Hjelp med medisiner\\, morgen\\; kveld" in lines
    assert str(_events(_text())["meeting-1@min-plan"]["LOCATION"]) == TRICKY


def test_a_backslash_is_escaped():
    meeting = ical.event("m@min-plan", STAMP, STAMP, STAMP, "a\\b", "")
    assert "SUMMARY:a\\\\b" in unfold(ical.calendar("Min plan", [meeting], date(2026, 3, 1)))


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    text = _text()
    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) == 75
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    description = next(line for line in unfold(text) if line.startswith("DESCRIPTION:æ"))
    assert description == "DESCRIPTION:" + "æøå " * 40
    assert str(_events(text)["schedule-1@min-plan"]["DESCRIPTION"]) == "æøå " * 40


def test_each_change_of_offset_starts_at_the_local_time_before_it():
    """RFC 5545: 02:00 when summer time starts (still +01:00), 03:00 when it ends (still +02:00);
    a calendar that reads the block strictly puts the change at exactly Norway's instant."""
    oslo = ZoneInfo("Europe/Oslo")
    calendar = icalendar.Calendar.from_ical(_text())
    changes = [
        part
        for zone in calendar.walk("VTIMEZONE")
        for part in zone.subcomponents
        if part.decoded("tzoffsetfrom") != part.decoded("tzoffsetto")
    ]
    # The events fall in 2026: its two changes, summer time in March and back in October.
    assert sorted((part.decoded("dtstart"), part.decoded("tzoffsetto")) for part in changes) == [
        (datetime(2026, 3, 29, 2), timedelta(hours=2)),
        (datetime(2026, 10, 25, 3), timedelta(hours=1)),
    ]
    for part in changes:
        offset_from, offset_to = part.decoded("tzoffsetfrom"), part.decoded("tzoffsetto")
        instant = (part.decoded("dtstart") - offset_from).replace(tzinfo=UTC)
        assert (instant - timedelta(seconds=1)).astimezone(oslo).utcoffset() == offset_from
        assert instant.astimezone(oslo).utcoffset() == offset_to
    starts = {(part.name, part.decoded("dtstart").strftime("%H:%M")) for part in changes}
    assert starts == {("DAYLIGHT", "02:00"), ("STANDARD", "03:00")}
