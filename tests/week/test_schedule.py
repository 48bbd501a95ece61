"""Schedules as RFC 5545 rules, expanded in Norwegian time; weeks named the ISO way."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.services.schedule import AbsurdSchedule, occurrences, parse, recurrence_text, week_bounds
from app.services.week import neighbour, parse_week

MONDAYS_AND_THURSDAYS = recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;BYDAY=MO,TH")


def test_help_at_eight_stays_at_eight_across_the_change_to_summer_time():
    # Summer time starts on Sunday 29 March 2026: the clock on the wall says 08:00 both weeks.
    before = occurrences(MONDAYS_AND_THURSDAYS, 30, *week_bounds(date(2026, 3, 23)))
    after = occurrences(MONDAYS_AND_THURSDAYS, 30, *week_bounds(date(2026, 3, 30)))
    assert [(s.day, s.hour, s.minute) for s, _ in before + after] == [(23, 8, 0), (26, 8, 0), (30, 8, 0), (2, 8, 0)]
    assert before[0][0].astimezone(UTC).hour == 7 and after[0][0].astimezone(UTC).hour == 6
    assert after[0][1] - after[0][0] == before[0][1] - before[0][0]


def test_help_at_eight_stays_at_eight_when_summer_time_ends():
    weekly = recurrence_text(datetime(2026, 10, 19, 8), "FREQ=WEEKLY;BYDAY=MO")
    ((last_summer, _),) = occurrences(weekly, 30, *week_bounds(date(2026, 10, 19)))
    ((first_winter, _),) = occurrences(weekly, 30, *week_bounds(date(2026, 10, 26)))
    assert last_summer.hour == first_winter.hour == 8
    assert (last_summer.astimezone(UTC).hour, first_winter.astimezone(UTC).hour) == (6, 7)


def test_a_single_date_happens_once_and_a_period_ends():
    once = recurrence_text(datetime(2026, 12, 3, 10))
    assert len(occurrences(once, 60, *week_bounds(date(2026, 11, 30)))) == 1
    assert occurrences(once, 60, *week_bounds(date(2026, 12, 7))) == []
    period = recurrence_text(datetime(2026, 11, 30, 9), "FREQ=DAILY;UNTIL=20261202T230000Z")
    assert len(occurrences(period, 60, *week_bounds(date(2026, 11, 30)))) == 3


def test_help_that_began_before_the_week_but_goes_on_into_it_is_shown():
    late = recurrence_text(datetime(2026, 11, 29, 23, 30))
    assert len(occurrences(late, 60, *week_bounds(date(2026, 11, 30)))) == 1


@pytest.mark.parametrize(
    "text, minutes",
    [
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;UNTIL=20260101T000000Z"), 30),  # ends before it starts
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;COUNT=0"), 30),
        (MONDAYS_AND_THURSDAYS, 0),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=SECONDLY"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;BYDAY=XX"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=DAILY;INTERVAL=0"), 30),
        (recurrence_text(datetime(2026, 3, 16, 0), "FREQ=DAILY;BYHOUR=0,1,2,3;BYMINUTE=0,15,30,45"), 1),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8,9,10"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=DAILY;BYSECOND=0,1,2"), 1),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;BYDAY=MO;BYDAY=TU"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;BYEASTER=0"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;COUNT=3000000000"), 30),
        (recurrence_text(datetime(2026, 3, 16, 8), "FREQ=WEEKLY;INTERVAL=99999999999"), 30),
        ("DTSTART;TZID=Europe/Oslo:20260230T080000", 30),
        ("RRULE:FREQ=DAILY", 30),
        ("", 30),
    ],
    ids=[
        "until-before-start",
        "count-0",
        "no-length",
        "every-second",
        "bad-day",
        "interval-0",
        "every-quarter-hour-by-parts",
        "hourly-on-mondays",
        "every-second-by-parts",
        "a-part-twice",
        "a-part-we-do-not-know",
        "count-beyond-what-fhir-writes",
        "interval-beyond-what-fhir-writes",
        "30-february",
        "no-start",
        "empty",
    ],
)
def test_absurd_schedules_are_refused(text, minutes):
    with pytest.raises(AbsurdSchedule):
        parse(text, minutes)


@pytest.mark.parametrize(
    "value, monday",
    [
        ("2026-W48", date(2026, 11, 23)),
        ("2026-W01", date(2025, 12, 29)),
        ("2026-W53", date(2026, 12, 28)),
        ("2025-W53", None),
        ("2026-W00", None),
        ("2026-W54", None),
        ("2026-w48", None),
        ("26-W48", None),
        ("2026-W48x", None),
        ("1999-W10", None),
        ("9999-W52", None),
        ("", None),
        ("٢٠٢٦-W48", None),
        ("2026-W48\n", None),
    ],
)
def test_only_real_iso_weeks_in_the_years_we_show_are_weeks(value, monday):
    assert parse_week(value) == monday


def test_the_weeks_around_new_year_follow_each_other():
    assert neighbour(date(2026, 12, 28), 1) == "2027-W01"
    assert neighbour(date(2027, 1, 4), -1) == "2026-W53"
    assert neighbour(date(2026, 1, 5), -1) == "2026-W01"
    assert neighbour(date(2000, 1, 3), -1) is None and neighbour(date(2100, 12, 27), 1) is None


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270618T220000Z",
        "FREQ=WEEKLY;COUNT=40;BYDAY=WE",
        "FREQ=MONTHLY;BYDAY=1TU",
        "FREQ=WEEKLY;INTERVAL=+2;BYDAY=FR;UNTIL=20261231T230000Z",
    ],
)
def test_starting_late_finds_exactly_what_expanding_from_the_start_finds(rule):
    """The shortcut past earlier weeks (schedule._fast_forward) changes nothing, across both DST changes."""
    from dateutil.rrule import rrulestr

    from app.domain.clock import OSLO
    from app.services.schedule import occurrences, recurrence_text, week_bounds

    text = recurrence_text(datetime(2025, 1, 8, 7, 30), rule)
    full = rrulestr(rule, dtstart=datetime(2025, 1, 8, 7, 30, tzinfo=OSLO))
    length = timedelta(minutes=45)
    monday = date(2025, 1, 6)
    for week in range(0, 150, 3):
        start, end = week_bounds(monday + timedelta(weeks=week))
        expected = [(s, s + length) for s in full.between(start - length, end, inc=True) if s + length > start]
        assert occurrences(text, 45, start, end) == expected, (rule, week)
