"""Choosing which notices come by e-mail and SMS: one's own choice, kept, and only among what the page offers."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app import db
from app.models import NoticePreference
from app.services.people import find_by_pid
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS

ALL_TOPICS = ["messages", "visits", "meetings", "proposals", "cases", "reminders"]


def _checked(client, name: str) -> list[str]:
    html = client.get("/varsler").get_data(as_text=True)
    boxes = BeautifulSoup(html, "html.parser").find_all("input", attrs={"type": "checkbox", "name": name})
    return [box["value"] for box in boxes if box.has_attr("checked")]


def _save(client, channels, topics):
    return client.post(
        "/varsler", {"csrf_token": client.csrf_token("/varsler"), "channels": list(channels), "topics": list(topics)}
    )


def _stored(app, pid: str) -> NoticePreference | None:
    with app.app_context():
        s = db.db_session()
        preference = s.get(NoticePreference, find_by_pid(s, pid).id)
        return None if preference is None else (preference.email, preference.sms, list(preference.muted))


def test_with_nothing_chosen_every_channel_and_topic_is_ticked(app, client):
    log_in_test_client(app, client, KARI)
    assert _checked(client, "channels") == ["email", "sms"]
    assert _checked(client, "topics") == ALL_TOPICS
    assert "Kontakt- og reservasjonsregisteret" in client.get("/varsler").get_data(as_text=True)


def test_turning_off_sms_and_a_topic_is_kept_and_shown(app, client):
    log_in_test_client(app, client, KARI)
    response = _save(client, ["email"], [t for t in ALL_TOPICS if t != "visits"])
    assert response.status_code == 303 and response.location.endswith("/varsler")
    assert _stored(app, KARI) == (True, False, ["visits"])
    page = client.get("/varsler").get_data(as_text=True)
    assert "Valgene dine for varsler er lagret." in page
    assert _checked(client, "channels") == ["email"]
    assert _checked(client, "topics") == [t for t in ALL_TOPICS if t != "visits"]


def test_turning_everything_off_is_a_choice_too(app, client):
    log_in_test_client(app, client, KARI)
    assert _save(client, [], []).status_code == 303
    assert _stored(app, KARI) == (False, False, ALL_TOPICS)
    assert _checked(client, "channels") == [] and _checked(client, "topics") == []


def test_a_representative_chooses_for_themselves_not_for_the_person_they_act_for(app, client):
    act_for(app, client, NILS, KARI)
    assert _save(client, ["sms"], ["messages"]).status_code == 303
    assert _stored(app, NILS) == (False, True, [t for t in ALL_TOPICS if t != "messages"])
    assert _stored(app, KARI) is None


def test_without_login_the_page_sends_to_log_in_and_nothing_is_saved(app, client):
    assert "/logg-inn" in client.get("/varsler").location
    response = client.post("/varsler", {"channels": ["email"], "topics": []})
    assert response.status_code in (302, 303, 400) and _stored(app, KARI) is None


def test_a_value_the_page_never_offered_is_refused_and_nothing_changes(app, client):
    log_in_test_client(app, client, KARI)
    assert _save(client, ["email", "pigeon"], ALL_TOPICS).status_code == 400
    assert _save(client, ["email"], ["messages", "health"]).status_code == 400
    assert _stored(app, KARI) is None


def test_min_side_links_to_the_page(app, client):
    log_in_test_client(app, client, KARI)
    assert 'href="/varsler"' in client.get("/min-side").get_data(as_text=True)
