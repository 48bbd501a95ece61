"""Schedules the way a person says them, stored as RFC 5545 rules in Norwegian time."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.domain.clock import OSLO
from app.services.schedule import recurrence_text
from app.services.schedule_form import ScheduleForm, ScheduleRefused, form_of, occurrence, preview


def _text(form: ScheduleForm) -> str:
    made = occurrence(form)
    return recurrence_text(made.first_start, made.rule)


def test_mondays_and_thursdays_until_further_notice():
    form = ScheduleForm("weekly", ("TH", "MO"), time(8), time(8, 30), date(2027, 1, 4))
    made = occurrence(form)
    assert made.minutes == 30
    assert _text(form) == "DTSTART;TZID=Europe/Oslo:20270104T080000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH"


def test_every_other_wednesday_until_a_day_starts_on_the_first_wednesday():
    form = ScheduleForm("biweekly", ("WE",), time(14), time(15), date(2027, 1, 4), date(2027, 3, 31))
    assert _text(form) == (
        "DTSTART;TZID=Europe/Oslo:20270106T140000\n"
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20270331T215959Z"  # the end of 31 March in Oslo
    )
    assert [start.date() for start, _ in preview(form)] == [
        date(2027, 1, 6),
        date(2027, 1, 20),
        date(2027, 2, 3),
        date(2027, 2, 17),
        date(2027, 3, 3),
    ]


def test_once():
    form = ScheduleForm("once", (), time(10), time(11), date(2027, 3, 14))
    assert _text(form) == "DTSTART;TZID=Europe/Oslo:20270314T100000"
    assert preview(form) == [(datetime(2027, 3, 14, 10, tzinfo=OSLO), datetime(2027, 3, 14, 11, tzinfo=OSLO))]


def test_the_preview_keeps_the_time_of_day_across_summer_time():
    form = ScheduleForm("weekly", ("SA",), time(8), time(8, 30), date(2027, 3, 20))
    visits = preview(form)
    assert [start.hour for start, _ in visits] == [8] * 5
    # 28 March 2027: the clocks go forward, so the same 08:00 is an hour earlier in UTC.
    assert visits[0][0].utcoffset().seconds == 3600 and visits[2][0].utcoffset().seconds == 7200


def test_the_preview_starts_from_now_when_the_start_has_passed():
    form = ScheduleForm("weekly", ("MO",), time(8), time(9), date(2027, 1, 4))
    visits = preview(form, after=datetime(2027, 6, 1, tzinfo=OSLO))
    assert visits[0][0].date() == date(2027, 6, 7)


@pytest.mark.parametrize(
    ("form", "refused"),
    [
        (ScheduleForm("weekly", (), time(8), time(9), date(2027, 1, 4)), {"weekdays": "weekday_missing"}),
        (ScheduleForm("weekly", ("MO",), time(9), time(8), date(2027, 1, 4)), {"ends": "ends_before_start"}),
        (
            ScheduleForm("weekly", ("MO",), time(8), time(9), date(2027, 1, 4), date(2026, 12, 1)),
            {"last_day": "last_before_first"},
        ),
        (
            ScheduleForm("weekly", ("FR",), time(8), time(9), date(2027, 1, 4), date(2027, 1, 5)),
            {"last_day": "never_happens"},
        ),
        (ScheduleForm("daily", ("MO",), time(8), time(9), date(2027, 1, 4)), {"kind": "kind_unknown"}),
        (ScheduleForm("weekly", ("XX",), time(8), time(9), date(2027, 1, 4)), {"weekdays": "weekday_unknown"}),
    ],
    ids=["no-weekday", "ends-before-start", "last-before-first", "no-visit-between", "unknown-kind", "unknown-day"],
)
def test_what_cannot_be_meant_is_refused(form, refused):
    with pytest.raises(ScheduleRefused) as error:
        occurrence(form)
    assert error.value.errors == refused


@pytest.mark.parametrize(
    "form",
    [
        ScheduleForm("weekly", ("MO", "TH"), time(8), time(8, 30), date(2027, 1, 4)),
        ScheduleForm("biweekly", ("WE",), time(14), time(15), date(2027, 1, 6), date(2027, 3, 31)),
        ScheduleForm("once", (), time(10), time(11), date(2027, 3, 14)),
    ],
)
def test_a_stored_rule_reads_back_into_the_form(form):
    made = occurrence(form)
    assert form_of(recurrence_text(made.first_start, made.rule), made.minutes) == form


def test_a_rule_the_form_cannot_say_is_not_guessed():
    assert form_of("DTSTART;TZID=Europe/Oslo:20270101T100000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1", 60) is None
    assert form_of("DTSTART;TZID=Europe/Oslo:20270101T100000\nRRULE:FREQ=WEEKLY;COUNT=3;BYDAY=FR", 60) is None
    assert form_of("nonsense", 60) is None
