"""Koordineringsmøter on the staff side (issue 15, item 5): the coordinator calls a meeting with the
person always invited and the agenda from the topics the person proposed, and writes its minutes;
bad input is told at the field with nothing lost; nobody but the plan's coordinator writes; of two
writers at once the second sees both versions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app import db
from app.domain.events import EventName
from app.models import AuditEvent, Meeting, MeetingMinutes, MeetingTopic, Person, Plan, PlanChange
from tests.auth.sessions import log_in_test_client
from tests.people import KARI
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, log_in_staff


def plan_id_of(app, pid: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def past_meeting(app, plan_id: int, hours_ago: int = 2) -> int:
    """A meeting that has begun and has no minutes yet."""
    with app.app_context():
        s = db.db_session()
        start = datetime.now(UTC) - timedelta(hours=hours_ago)
        meeting = Meeting(plan_id=plan_id, starts_at=start, ends_at=start + timedelta(hours=1), place="Rom 4")
        s.add(meeting)
        s.commit()
        return meeting.id


def _day(days_ahead: int) -> str:
    return (date.today() + timedelta(days=days_ahead)).strftime("%d.%m.%Y")


def call(client, plan_id: int, **fields):
    url = f"/ansatt/planer/{plan_id}/moter"
    form = {"day": _day(10), "starts": "10:00", "ends": "11:30", "place": "Helsehuset", "invited": "Fysioterapeut"}
    return client.post(url, {"csrf_token": client.csrf_token(url), **form, **fields})


def write(client, plan_id: int, meeting_id: int, **fields):
    url = f"/ansatt/planer/{plan_id}/moter/{meeting_id}/referat"
    form = {"decisions": "Kari trener videre.", "what_1": "Sende program", "who_1": "Fysioterapeut", "by_1": _day(20)}
    return client.post(url, {"csrf_token": client.csrf_token(url), **form, **fields})


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.db_session().scalar(select(func.count()).select_from(model).where(*where))


def test_the_coordinator_calls_a_meeting_and_the_person_is_always_invited(app, client):
    plan_id = plan_id_of(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    page = client.get(f"/ansatt/planer/{plan_id}/moter")
    assert page.status_code == 200 and "Kall inn til møte" in page.get_data(as_text=True)
    response = call(client, plan_id, video_link="https://video.askoy.kommune.test/mote/1")
    assert response.status_code == 303
    with app.app_context():
        s = db.db_session()
        meeting = s.scalar(select(Meeting).where(Meeting.plan_id == plan_id).order_by(Meeting.id.desc()))
        assert meeting.invited == ["Kari Nordmann", "Fysioterapeut"]
        assert meeting.video_link.startswith("https://") and meeting.called_by_id is not None
        change = s.scalar(
            select(PlanChange)
            .where(PlanChange.plan_id == plan_id, PlanChange.name == str(EventName.MEETING_CALLED))
            .order_by(PlanChange.id.desc())
        )
        assert change.details == {"when": meeting.starts_at.isoformat(), "meeting_id": meeting.id}
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.called")).staff_member_id
    assert "video.askoy.kommune.test" in client.get(f"/ansatt/planer/{plan_id}/moter").get_data(as_text=True)


def test_a_meeting_in_the_past_ending_before_it_starts_or_on_plain_http_is_refused_all_at_once(app, client):
    plan_id = plan_id_of(app, KARI)
    before = _count(app, Meeting, Meeting.plan_id == plan_id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = call(client, plan_id, day=_day(-3), starts="12:00", ends="11:00", video_link="http://video.test/x")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in ("Møtet må være fram i tid.", "Møtet må slutte etter at det begynner.", "https://"):
        assert message in page
    assert "http://video.test/x" in page and "Fysioterapeut" in page  # nothing typed lost
    response = call(client, plan_id, place="", video_link="")
    assert response.status_code == 422
    assert "Skriv hvor møtet er, eller lim inn en lenke til videomøtet." in response.get_data(as_text=True)
    assert _count(app, Meeting, Meeting.plan_id == plan_id) == before


def test_a_new_meeting_takes_proposed_topics_onto_its_agenda(app, client):
    plan_id = plan_id_of(app, KARI)
    with app.app_context():
        s = db.db_session()
        meeting = s.scalar(select(Meeting).where(Meeting.plan_id == plan_id, Meeting.ends_at > datetime.now(UTC)))
        topic = MeetingTopic(
            meeting_id=meeting.id, text="Transport til trening", author_id=meeting.plan.owner_id, basis="self"
        )
        s.add(topic)
        s.commit()
        topic_id = topic.id
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert call(client, plan_id, topics="999999").status_code == 422  # a topic the page never offered
    assert call(client, plan_id, topics=str(topic_id)).status_code == 303
    with app.app_context():
        s = db.db_session()
        newest = s.scalar(select(Meeting.id).where(Meeting.plan_id == plan_id).order_by(Meeting.id.desc()))
        moved = s.get(MeetingTopic, topic_id)
        assert (moved.meeting_id, moved.status) == (newest, "on_agenda")
        on_agenda = PlanChange.name == str(EventName.TOPIC_ON_AGENDA)
        assert s.scalar(select(func.count()).where(PlanChange.plan_id == plan_id, on_agenda)) == 1
    assert "Transport til trening" in client.get(f"/ansatt/planer/{plan_id}/moter").get_data(as_text=True)
    # The person sees the agenda under her next meeting: the one called now, once it is the next.
    with app.app_context():
        s = db.db_session()
        for earlier in s.scalars(select(Meeting).where(Meeting.plan_id == plan_id, Meeting.id != newest)):
            s.delete(earlier)
        s.commit()
    log_in_test_client(app, client, KARI)
    page = client.get("/plan").get_data(as_text=True)
    assert "Dagsorden" in page and "Transport til trening" in page and "Helsehuset" in page


def test_100000_characters_of_minutes_are_refused_and_kept(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    text = "Bestemt. " * 11_112  # 100 008 characters
    response = write(client, plan_id, meeting_id, decisions=text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "for mye" in page or "for lang" in page
    assert text.strip() in page  # all of it, to shorten and send again
    assert _count(app, MeetingMinutes, MeetingMinutes.meeting_id == meeting_id) == 0


def test_minutes_before_the_meeting_has_begun_are_refused(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id, hours_ago=-48)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = write(client, plan_id, meeting_id)
    assert response.status_code == 422
    assert "Du kan skrive referat når møtet har begynt." in response.get_data(as_text=True)


def test_only_the_plans_coordinator_writes(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id)
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    assert write(client, plan_id, meeting_id).status_code == 404
    assert call(client, plan_id).status_code == 404
    log_in_staff(app, client, ASKOY_OFFICER)
    assert write(client, plan_id, meeting_id).status_code == 403
    assert _count(app, MeetingMinutes, MeetingMinutes.meeting_id == meeting_id) == 0


def test_of_two_writers_the_second_sees_both_versions(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert write(client, plan_id, meeting_id).status_code == 303
    assert write(client, plan_id, meeting_id, version="1", decisions="Første endring.").status_code == 303
    stale = write(client, plan_id, meeting_id, version="1", decisions="Min egen endring.")
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Min egen endring." in page and "Første endring." in page
    assert 'name="version" value="2"' in page
    # A second first writing is stale too: someone wrote the minutes since the form was shown.
    assert write(client, plan_id, meeting_id, decisions="Også først.").status_code == 409
    with app.app_context():
        minutes = db.db_session().scalar(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting_id))
        assert (minutes.decisions, minutes.version) == ("Første endring.", 2)
        assert minutes.actions[0]["who"] == "Fysioterapeut"
