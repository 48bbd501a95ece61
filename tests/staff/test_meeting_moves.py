"""Moving a koordineringsmøte: the coordinator moves a coming meeting and the person sees the new
time in the plan and a line in its history; bad input is told at the field with nothing lost; a
meeting that has begun stays where it was; of two moves at once the second sees both versions;
nobody but the plan's coordinator moves it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import select

from app import db
from app.domain.clock import OSLO
from app.domain.events import EventName
from app.models import AuditEvent, Meeting, PlanChange
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, OLA
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    log_in_staff,
)
from tests.staff.test_meetings import past_meeting, plan_id_of


def _coming_meeting(app, plan_id: int) -> int:
    with app.app_context():
        return db.db_session().scalar(
            select(Meeting.id).where(Meeting.plan_id == plan_id, Meeting.starts_at > datetime.now(UTC))
        )


def _when(app, meeting_id: int) -> tuple:
    with app.app_context():
        s = db.db_session()
        s.expire_all()
        meeting = s.get(Meeting, meeting_id)
        return meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_link, meeting.version


def _url(plan_id: int, meeting_id: int) -> str:
    return f"/ansatt/planer/{plan_id}/moter/{meeting_id}/flytt"


def move(client, plan_id: int, meeting_id: int, **fields):
    url = _url(plan_id, meeting_id)
    form = {"day": _day(9), "starts": "13:15", "ends": "14:00", "place": "Kommunehuset, rom 2", "version": "1"}
    return client.post(url, {"csrf_token": client.csrf_token("/ansatt/"), **form, **fields})


def _day(days_ahead: int) -> str:
    return (date.today() + timedelta(days=days_ahead)).strftime("%d.%m.%Y")


def test_the_coordinator_moves_a_coming_meeting_and_the_person_sees_the_new_time(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = _coming_meeting(app, plan_id)
    version = _when(app, meeting_id)[4]
    log_in_staff(app, client, ASKOY_COORDINATOR)
    listed = client.get(f"/ansatt/planer/{plan_id}/moter").get_data(as_text=True)
    assert f'href="{_url(plan_id, meeting_id)}"' in listed  # "Flytt møtet" on the coming meeting
    form = client.get(_url(plan_id, meeting_id)).get_data(as_text=True)
    assert f'name="version" value="{version}"' in form and "Flytt møtet" in form

    response = move(client, plan_id, meeting_id, version=str(version))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/ansatt/planer/{plan_id}/moter")
    starts, ends, place, _link, now_version = _when(app, meeting_id)
    day = date.today() + timedelta(days=9)
    assert (starts, ends - starts, place) == (
        datetime.combine(day, time(13, 15), OSLO),
        timedelta(minutes=45),
        "Kommunehuset, rom 2",
    )
    assert now_version == version + 1
    with app.app_context():
        s = db.db_session()
        change = s.scalar(
            select(PlanChange)
            .where(PlanChange.plan_id == plan_id, PlanChange.name == str(EventName.MEETING_MOVED))
            .order_by(PlanChange.id.desc())
        )
        assert change.details == {"when": starts.astimezone(UTC).isoformat(), "meeting_id": meeting_id}
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.moved")).staff_member_id

    written = format_date(day, "full", locale="nb")
    log_in_test_client(app, client, KARI)
    plan = client.get("/plan").get_data(as_text=True)
    assert written in plan and "13:15" in plan and "Kommunehuset, rom 2" in plan
    history = client.get("/plan/historikk").get_data(as_text=True)
    assert "flyttet møtet om planen til" in history and written in history


def test_the_new_time_is_checked_as_when_calling_and_what_was_typed_is_kept(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = _coming_meeting(app, plan_id)
    before = _when(app, meeting_id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = move(
        client, plan_id, meeting_id, day=_day(-2), starts="12:00", ends="11:00", video_link="http://video.test/x"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "data-error-summary" in page
    for message in ("Møtet må være fram i tid.", "Møtet må slutte etter at det begynner.", "https://"):
        assert message in page
    assert "http://video.test/x" in page and _day(-2) in page and "Kommunehuset, rom 2" in page
    response = move(client, plan_id, meeting_id, place="", video_link="")
    assert response.status_code == 422
    assert "Skriv hvor møtet er, eller lim inn en lenke til videomøtet." in response.get_data(as_text=True)
    assert _when(app, meeting_id) == before


def test_a_meeting_that_has_begun_is_not_moved(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id)
    before = _when(app, meeting_id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    listed = client.get(f"/ansatt/planer/{plan_id}/moter").get_data(as_text=True)
    assert _url(plan_id, meeting_id) not in listed
    page = client.get(_url(plan_id, meeting_id)).get_data(as_text=True)
    assert "kan ikke flyttes lenger" in page and 'name="day"' not in page
    response = move(client, plan_id, meeting_id)
    assert response.status_code == 409
    assert "kan ikke flyttes lenger" in response.get_data(as_text=True)
    assert _when(app, meeting_id) == before


def test_of_two_moves_at_once_the_second_sees_both_versions(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = _coming_meeting(app, plan_id)
    version = _when(app, meeting_id)[4]
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert move(client, plan_id, meeting_id, version=str(version), place="Helsehuset").status_code == 303
    stale = move(client, plan_id, meeting_id, version=str(version), starts="08:30", ends="09:00", place="Biblioteket")
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Møtet ble endret mens du skrev" in page
    assert 'value="Biblioteket"' in page and 'value="08:30"' in page  # what was typed, in the form
    assert "Møtet slik det er nå" in page and "Sted: Helsehuset" in page and "13:15" in page  # what is stored
    assert f'name="version" value="{version + 1}"' in page  # sending again moves it knowingly
    starts, _ends, place, _link, now_version = _when(app, meeting_id)
    assert (place, now_version) == ("Helsehuset", version + 1)
    assert move(client, plan_id, meeting_id, version=str(version + 1), place="Biblioteket").status_code == 303
    assert _when(app, meeting_id)[2] == "Biblioteket"


def test_only_the_plans_coordinator_moves_its_meetings(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = _coming_meeting(app, plan_id)
    before = _when(app, meeting_id)
    for other in (ASKOY_OTHER_COORDINATOR, LUSTER_COORDINATOR):
        log_in_staff(app, client, other)
        assert client.get(_url(plan_id, meeting_id)).status_code == 404, other
        assert move(client, plan_id, meeting_id, version=str(before[4])).status_code == 404, other
    # Ola's coordinator, through Ola's plan, cannot reach Kari's meeting either.
    assert move(client, plan_id_of(app, OLA), meeting_id, version=str(before[4])).status_code == 404
    log_in_staff(app, client, ASKOY_OFFICER)  # a KE officer reads a plan with a reason, never moves its meetings
    assert client.get(_url(plan_id, meeting_id)).status_code == 404
    assert move(client, plan_id, meeting_id, version=str(before[4])).status_code == 403
    assert _when(app, meeting_id) == before
    with app.app_context():
        assert db.db_session().scalar(select(AuditEvent).where(AuditEvent.action == "meeting.moved")) is None
