"""The personal calendar feed: made by the owner only, renewed to kill the old URL, and never
holding anything but the owner's own plan."""

from __future__ import annotations

import re
from datetime import datetime

import icalendar
import pytest

from app import db
from app.models import CalendarFeed
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, SARA
from tests.week.test_ical import unescape, unfold


def _make_feed(app, client, pid: str = KARI, include=("measures", "meetings")) -> str:
    log_in_test_client(app, client, pid)
    token = client.csrf_token("/plan/kalender")
    response = client.post("/plan/kalender", {"csrf_token": token, "include": list(include)})
    assert response.status_code == 303
    html = client.get("/plan/kalender").get_data(as_text=True)
    return re.search(r'value="http://localhost(/kalender/[^"]+\.ics)"', html).group(1)


def _fetch(client, path: str):
    client.client.delete_cookie("minplan_session")
    return client.client.get(path)


def test_the_feed_is_icalendar_with_the_owners_help_and_meetings(app, client):
    path = _make_feed(app, client)
    response = _fetch(client, path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    # Three measures and two koordineringsmøter (the last one, with minutes, and the next).
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 5
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TH" in lines
    assert "DTSTART;TZID=Europe/Oslo:20260105T080000" in lines and "TZID:Europe/Oslo" in lines
    assert "SUMMARY:Koordineringsmøte" in lines
    locations = [unescape(line.removeprefix("LOCATION:")) for line in lines if line.startswith("LOCATION:")]
    assert "Helsehuset på Kleppestø, møterom 2" in locations
    assert all(line.endswith("@min-plan") for line in lines if line.startswith("UID:"))
    assert all(line.endswith("Z") for line in lines if line.startswith("DTSTAMP:"))


def test_the_feed_holds_only_what_the_owner_chose(app, client):
    lines = unfold(_fetch(client, _make_feed(app, client, include=("meetings",))).get_data(as_text=True))
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("SUMMARY:Koordineringsmøte") == 2


def test_renewing_kills_the_old_url(app, client):
    old = _make_feed(app, client)
    new = _make_feed(app, client)
    assert old != new
    assert _fetch(client, old).status_code == 404
    assert _fetch(client, new).status_code == 200


def test_a_stopped_feed_is_gone(app, client):
    path = _make_feed(app, client)
    token = client.csrf_token("/plan/kalender")
    assert client.post("/plan/kalender/stopp", {"csrf_token": token}).status_code == 303
    assert _fetch(client, path).status_code == 404


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 300, "..%2F..%2Fetc"])
def test_a_guessed_token_is_a_404(app, client, token):
    _make_feed(app, client)
    assert _fetch(client, f"/kalender/{token}.ics").status_code == 404


def test_the_feed_never_contains_another_persons_plan(app, client):
    karis = _fetch(client, _make_feed(app, client, KARI)).get_data(as_text=True)
    saras = _fetch(client, _make_feed(app, client, SARA)).get_data(as_text=True)
    assert "Hjelp med medisiner" in karis and "Hjelp i timene" not in karis and "Sara Lund" not in karis
    assert "Hjelp i timene" in saras and "Hjelp med medisiner" not in saras and "Kari Nordmann" not in saras


def test_a_representative_cannot_make_or_see_a_feed(app, client):
    act_for(app, client, NILS, SARA)
    assert client.get("/plan/kalender").status_code == 403
    token = client.csrf_token("/plan")
    assert client.post("/plan/kalender", {"csrf_token": token, "include": ["measures"]}).status_code == 403
    assert client.post("/plan/kalender/stopp", {"csrf_token": token}).status_code == 403
    with app.app_context():
        assert db.db_session().query(CalendarFeed).count() == 0


def test_choosing_nothing_is_an_error_at_the_field(app, client):
    log_in_test_client(app, client)
    token = client.csrf_token("/plan/kalender")
    response = client.post("/plan/kalender", {"csrf_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count("Velg minst én ting kalenderen skal vise.") == 2 and "<title>Feil: " in html
    assert client.post("/plan/kalender", {"csrf_token": token, "include": ["everything"]}).status_code == 422


def test_the_feed_parses_back_with_exactly_the_owners_events_and_nothing_more(app, client):
    parsed = icalendar.Calendar.from_ical(_fetch(client, _make_feed(app, client)).get_data(as_text=True))
    assert sorted(str(event["SUMMARY"]) for event in parsed.walk("VEVENT")) == [
        "Hjelp med medisiner",
        "Koordineringsmøte",
        "Koordineringsmøte",
        "Samtale om arbeid",
        "Trening med fysioterapeut",
    ]
    # A calendar app outside the service reads these: no property beyond the ones the feed has always had.
    # A visit the coordinator cancelled is an EXDATE on its rule (the demo cancels one of Kari's).
    schedule_keys = {"UID", "DTSTAMP", "DTSTART", "DTEND", "RRULE", "SUMMARY", "DESCRIPTION"}
    assert {
        key for event in parsed.walk("VEVENT") if str(event["UID"]).startswith("schedule-") for key in event
    } == schedule_keys | {"EXDATE"}
    meetings = [e for e in parsed.walk("VEVENT") if str(e["UID"]).startswith("meeting-")]
    assert all(set(meeting) == schedule_keys - {"RRULE"} | {"LOCATION"} for meeting in meetings)
    assert "Helsehuset på Kleppestø, møterom 2" in {str(meeting["LOCATION"]) for meeting in meetings}
    assert {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")} == {"Europe/Oslo"}
    medicine = next(e for e in parsed.walk("VEVENT") if str(e["SUMMARY"]) == "Hjelp med medisiner")
    start = medicine.decoded("DTSTART")
    assert (start.tzinfo.key, start.replace(tzinfo=None)) == ("Europe/Oslo", datetime(2026, 1, 5, 8))


def test_a_new_link_is_shown_once_to_its_maker_and_never_kept_in_the_session_row(app, client):
    from sqlalchemy import select

    from app.models import BrowserSession

    path = _make_feed(app, client)
    token = path.removeprefix("/kalender/").removesuffix(".ics")
    with app.app_context():
        rows = db.db_session().scalars(select(BrowserSession)).all()
        assert rows and all(token not in repr(row.data) for row in rows)
    assert token not in client.get("/plan/kalender").get_data(as_text=True)  # shown once

    # Someone else logging in on the same browser within minutes sees no link of Kari's.
    token_field = client.csrf_token("/plan/kalender")
    client.post("/plan/kalender", {"csrf_token": token_field, "include": ["measures"]})
    log_in_test_client(app, client, SARA)
    assert re.search(r"/kalender/[^\"/]+\.ics", client.get("/plan/kalender").get_data(as_text=True)) is None
