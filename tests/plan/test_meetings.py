"""Proposing a topic for the next koordineringsmøte."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import db
from app.models import Meeting, MeetingTopic, Plan
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, KARI, NILS, OLA, PER, RANDI


def _next_meeting_id(app, owner_name: str) -> int:
    with app.app_context():
        s = db.db_session()
        now = datetime.now(UTC)
        return s.scalar(
            select(Meeting.id)
            .join(Plan, Meeting.plan_id == Plan.id)
            .where(Plan.owner.has(name=owner_name), Meeting.ends_at > now)
            .order_by(Meeting.starts_at)
        )


def _propose(client, meeting_id: int, topic: str):
    token = client.csrf_token("/plan")
    return client.post(f"/plan/mote/{meeting_id}/tema", {"csrf_token": token, "topic": topic})


@pytest.fixture(autouse=True)
def _no_topics(app):
    yield
    with app.app_context():
        s = db.db_session()
        for topic in s.scalars(select(MeetingTopic)):
            s.delete(topic)
        s.commit()


def test_kari_proposes_a_topic_and_sees_it_under_the_next_meeting(app, client):
    log_in_test_client(app, client, KARI)
    meeting = _next_meeting_id(app, "Kari Nordmann")
    plan = client.get("/plan").get_data(as_text=True)
    assert "Neste koordineringsmøte" in plan and "Helsehuset på Kleppestø, møterom 2" in plan
    form = client.get(f"/plan/mote/{meeting}/tema").get_data(as_text=True)
    assert "Hva vil du snakke om?" in form
    response = _propose(client, meeting, "  Jeg vil snakke om <b>arbeidstrening</b>.  ")
    assert response.status_code == 303
    plan = client.get("/plan").get_data(as_text=True)
    assert "Takk! Temaet er lagret. Koordinatoren ser det i planen før møtet." in plan
    assert "Jeg vil snakke om &lt;b&gt;arbeidstrening&lt;/b&gt;." in plan
    assert "Du foreslo et tema til koordineringsmøtet" in client.get("/tilgangslogg").get_data(as_text=True)


def test_sending_the_same_topic_twice_adds_it_once(app, client):
    log_in_test_client(app, client, KARI)
    meeting = _next_meeting_id(app, "Kari Nordmann")
    assert _propose(client, meeting, "Transport til trening").status_code == 303
    assert _propose(client, meeting, "Transport til trening").status_code == 303
    with app.app_context():
        assert len(db.db_session().scalars(select(MeetingTopic)).all()) == 1


def test_a_verge_proposes_on_olas_behalf_and_it_is_recorded(app, client):
    act_for(app, client, RANDI, OLA)
    meeting = _next_meeting_id(app, "Ola Berg")
    assert _propose(client, meeting, "Kinoturen").status_code == 303
    with app.app_context():
        topic = db.db_session().scalar(select(MeetingTopic))
        assert topic.author.name == "Randi Berg" and topic.basis == "guardian"
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA)
    plan = client.get("/plan").get_data(as_text=True)  # Ola reads Nynorsk (his profile)
    assert "Kinoturen" in plan and "føreslått av Randi Berg, verje" in plan


@pytest.mark.parametrize(
    "topic, message",
    [
        ("   ", "Skriv hva du vil snakke om."),
        ("x" * 100_000, "Teksten har 99000 tegn for mye. Du kan skrive opptil 1000 tegn."),
    ],
    ids=["blank", "100000-characters"],
)
def test_a_bad_topic_gets_a_message_and_keeps_what_was_typed(app, client, topic, message):
    log_in_test_client(app, client, KARI)
    response = _propose(client, _next_meeting_id(app, "Kari Nordmann"), topic)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count(message) == 2 and "Feil:" in html
    if topic.strip():
        assert topic in html
    with app.app_context():
        assert db.db_session().scalar(select(MeetingTopic)) is None


def test_another_plans_meeting_a_past_one_or_a_read_only_fullmakt_is_refused(app, client):
    emmas = _next_meeting_id(app, "Emma Hansen")
    log_in_test_client(app, client, KARI)
    assert _propose(client, emmas, "Hei").status_code == 404
    assert client.get(f"/plan/mote/{emmas}/tema").status_code == 404
    karis = _next_meeting_id(app, "Kari Nordmann")
    with app.app_context():
        s = db.db_session()
        meeting = s.get(Meeting, karis)
        starts, ends = meeting.starts_at, meeting.ends_at
        meeting.starts_at, meeting.ends_at = starts - timedelta(days=400), ends - timedelta(days=400)
        s.commit()
    try:
        assert _propose(client, karis, "For sent").status_code == 404
    finally:
        with app.app_context():
            s = db.db_session()
            meeting = s.get(Meeting, karis)
            meeting.starts_at, meeting.ends_at = starts, ends
            s.commit()
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, KARI, "power_of_attorney")
    assert "Foreslå noe å snakke om i møtet" not in client.get("/plan").get_data(as_text=True)
    assert _propose(client, karis, "Hei").status_code == 403
    with app.app_context():
        assert db.db_session().scalar(select(MeetingTopic)) is None


def test_emma_under_12_sees_her_meeting_and_her_father_can_propose(app, client):
    act_for(app, client, PER, EMMA)
    assert _propose(client, _next_meeting_id(app, "Emma Hansen"), "Svømming").status_code == 303


def test_the_plan_page_costs_the_same_queries_with_20_topics_as_with_1(app, client, queries_stay_flat):
    log_in_test_client(app, client, KARI)
    meeting = _next_meeting_id(app, "Kari Nordmann")
    assert _propose(client, meeting, "Transport").status_code == 303

    def add(s):
        # Proposed by many different people, so loading each author on its own would show in the count.
        from app.models import Person

        authors = s.scalars(select(Person.id).where(Person.name.is_not(None))).all()
        s.add_all(
            [
                MeetingTopic(
                    meeting_id=meeting, text=f"Tema {i}", author_id=authors[i % len(authors)], basis="guardian"
                )
                for i in range(20)
            ]
        )

    queries_stay_flat(
        client,
        "/plan",
        add,
        lambda s: [s.delete(t) for t in s.scalars(select(MeetingTopic).where(MeetingTopic.text.like("Tema %")))],
        shows="Tema 19",
    )
