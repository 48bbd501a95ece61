"""A measure's times changed by the coordinator: a visit she cancelled or moved that the new times
still have stays cancelled or moved, in the person's week and in the calendar feed (the person was
told so); one the new times no longer have is gone with the old times, leaving nothing behind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app import db
from app.domain.clock import OSLO, today
from app.models import Measure, PlanChange, ScheduleEntry, ScheduleException
from app.services import planning
from app.services.planning import Occurrence
from tests.auth.sessions import log_in_test_client
from tests.people import KARI
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff
from tests.staff.test_plan_editor import _base, _post
from tests.week.test_visit_exceptions import (
    MEDICINE,
    NOTE,
    _cancel,
    _coordinator_of,
    _entry,
    _feed,
    _medicine_events,
    _move,
    _thursday,
    _week,
)


def _measure(s) -> Measure:
    return _entry(s, KARI, MEDICINE).measure


def _change_times(app, client, weekdays: list[str], starts: str = "08.00", ends: str = "08.30"):
    """The coordinator's editor form for Kari's medicine, with new times from today."""
    with app.app_context():
        m = _measure(db.db_session())
        form = {
            "what": m.what,
            "how_much": m.how_much or "",
            "service_name": m.service_name,
            "responsible_role": m.responsible_role or "",
            "how": m.how or "",
            "goal_id": str(m.goal_id or ""),
            "version": str(m.version),
            "schedule": "weekly",
            "weekdays": weekdays,
            "starts": starts,
            "ends": ends,
            "first_day": f"{today():%d.%m.%Y}",
            "until": "open",
            "last_day": "",
        }
        path = f"{_base(app)}/tiltak/{m.id}"
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert _post(client, path, form).status_code == 303


def _exceptions(app) -> list[tuple]:
    """Every exception with the rule of the entry it is on (None: an entry that is gone)."""
    with app.app_context():
        s = db.db_session()
        rows = s.execute(
            select(ScheduleException, ScheduleEntry.recurrence)
            .outerjoin(ScheduleEntry, ScheduleException.entry_id == ScheduleEntry.id)
            .order_by(ScheduleException.id)
        ).all()
        s.expunge_all()
        return [(exception, recurrence) for exception, recurrence in rows]


def _of(app, when: datetime) -> list[tuple]:
    return [(e, rule) for e, rule in _exceptions(app) if e.occurs_at == when.astimezone(UTC)]


def _exdates(lines: list[str]) -> str:
    return " ".join(line for line in lines if line.startswith("EXDATE;TZID=Europe/Oslo:"))


def _week_html(app, client, when: datetime) -> str:
    log_in_test_client(app, client)
    return client.get(f"/plan/denne-uka?uke={_week(when)}").get_data(as_text=True)


def test_the_coordinator_is_told_on_the_form_that_changed_visits_are_kept(app, client):
    with app.app_context():
        path = f"{_base(app)}/tiltak/{_measure(db.db_session()).id}"
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert "forblir avlyst eller flyttet når de nye tidene" in client.get(path).get_data(as_text=True)
    assert "forblir avlyst" not in client.get(f"{_base(app)}/tiltak/ny").get_data(as_text=True)


def test_a_cancelled_thursday_stays_cancelled_when_the_new_times_still_have_it(app, client):
    thursday = _thursday()
    _cancel(app, KARI, MEDICINE, thursday)
    [(before, _)] = _of(app, thursday)
    _change_times(app, client, ["TH"], "08.00", "09.00")  # Mondays no more, and longer
    [(kept, rule)] = _of(app, thursday)
    assert "BYDAY=TH" in rule and "MO" not in rule
    assert (kept.kind, kept.note, kept.created_by_id, kept.created_at) == (
        "cancelled",
        NOTE,
        before.created_by_id,
        before.created_at,
    )
    html = _week_html(app, client, thursday)
    assert f"Avlyst: {MEDICINE}" in html and NOTE in html
    lines, parsed = _feed(app, client)
    assert f"{thursday:%Y%m%dT080000}" in _exdates(lines)
    [medicine] = _medicine_events(parsed)
    assert "BYDAY=TH" in medicine.to_ical().decode()


def test_a_cancelled_thursday_is_gone_when_the_new_times_have_no_thursday(app, client):
    thursday = _thursday()
    _cancel(app, KARI, MEDICINE, thursday)
    _change_times(app, client, ["MO", "WE"])
    assert _of(app, thursday) == []
    assert all(rule is not None for _, rule in _exceptions(app))  # none left on an entry that is gone
    html = _week_html(app, client, thursday)
    assert "Avlyst" not in html and NOTE not in html
    assert html.count(MEDICINE) == 2  # Monday and Wednesday, as the new times say
    lines, _ = _feed(app, client)
    assert f"{thursday:%Y%m%d}" not in _exdates(lines)


def test_a_moved_visit_is_kept_at_its_new_time(app, client):
    thursday = _thursday()
    friday = thursday + timedelta(days=1, hours=1)  # Friday 09:00
    _move(app, thursday, friday, 45, "Sykepleieren kommer fredag i stedet.")
    _change_times(app, client, ["TU", "TH"])
    [(kept, _)] = _of(app, thursday)
    assert (kept.kind, kept.new_start, kept.new_minutes) == ("moved", friday.astimezone(UTC), 45)
    html = _week_html(app, client, thursday)
    assert "09:00–09:45" in html and "Flyttet fra torsdag" in html
    lines, parsed = _feed(app, client)
    assert f"RECURRENCE-ID;TZID=Europe/Oslo:{thursday:%Y%m%dT080000}" in lines
    moved = next(event for event in _medicine_events(parsed) if "RECURRENCE-ID" in event)
    assert moved.decoded("DTSTART") == friday and moved.decoded("DTEND") == friday + timedelta(minutes=45)


def _set_schedule(app, *occurrences: Occurrence) -> dict:
    with app.app_context():
        s = db.db_session()
        measure = _measure(s)
        planning.set_schedule(s, _coordinator_of(s, KARI), measure, measure.version, list(occurrences))
        return s.scalars(select(PlanChange).order_by(PlanChange.id.desc()).limit(1)).one().details


def test_across_summer_time_a_visit_is_kept_by_its_local_time(app, client):
    """Monday 08:00 after the clocks go forward is 06:00 UTC: a rule at 08:00 from winter still has
    it; a rule at 07:00 from winter (06:00 UTC in winter) does not."""
    year = today().year + 1
    first = datetime(year, 3, 1, 8, tzinfo=OSLO)
    first += timedelta(days=(0 - first.weekday()) % 7)  # the first Monday of March, winter time
    last_sunday = max(date(year, 3, day) for day in range(25, 32) if date(year, 3, day).weekday() == 6)
    monday = datetime.combine(last_sunday + timedelta(days=1), first.timetz()).replace(hour=8)
    _cancel(app, KARI, MEDICINE, monday, "Sykepleieren har fri.")
    details = _set_schedule(app, Occurrence(first, "FREQ=WEEKLY;BYDAY=MO,FR", 30))
    [(kept, _)] = _of(app, monday)
    assert kept.occurs_at.hour == 6 and details["visit_changes_kept"] == 1
    html = _week_html(app, client, monday)
    assert f"Avlyst: {MEDICINE}" in html
    lines, _ = _feed(app, client)
    assert f"{monday:%Y%m%dT080000}" in _exdates(lines)
    details = _set_schedule(app, Occurrence(first.replace(hour=7), "FREQ=WEEKLY;BYDAY=MO", 30))
    assert _of(app, monday) == [] and details["visit_changes_kept"] == 0
    assert "Avlyst" not in _week_html(app, client, monday)


def test_changing_the_times_costs_the_same_queries_however_many_visits_are_kept(app, count_queries):
    occurrence = Occurrence(_thursday().replace(hour=8) - timedelta(weeks=2), "FREQ=WEEKLY;BYDAY=MO,TH", 30)
    _cancel(app, KARI, MEDICINE, _thursday())
    with count_queries() as one:
        assert _set_schedule(app, occurrence)["visit_changes_kept"] == 1
    for weeks in (4, 5, 6):
        _cancel(app, KARI, MEDICINE, _thursday(weeks))
    with count_queries() as four:
        assert _set_schedule(app, occurrence)["visit_changes_kept"] == 4
    assert four.count == one.count
