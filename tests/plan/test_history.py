"""The plan's history (/plan/historikk): every change the reader may see, newest first, in plain
sentences naming who did it, in every language and in easy-read; and every named domain event has
its sentence (app/templates/plan/_change_words.html)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from app.domain.events import EventName
from app.services.plan_news import Told, _details
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, SARA
from tests.plan.changes import record_changes
from tests.plan.test_plan import SARAS_PRIVATE_GOAL, SARAS_SCHOOL_DAY

WORDS = Path(__file__).parents[2] / "app" / "templates" / "plan" / "_change_words.html"

# Details as the services write them, with exactly the keys documented at the top of the macro file.
DETAILS: dict[EventName, dict] = {
    EventName.GOAL_PROPOSED: {"goal_text": "Jeg vil bake"},
    EventName.GOAL_AGREED: {"goal_text": "Jeg vil bake"},
    EventName.GOAL_AGREED_CHANGED: {"goal_text": "Jeg vil bake brød", "proposed_text": "Jeg vil bake"},
    EventName.GOAL_NOT_NOW: {"proposed_text": "Jeg vil fly", "reason": "Vi tar det neste år."},
    EventName.TOPIC_ON_AGENDA: {"topic": "Skyss", "meeting_id": 1, "topic_id": 1},
    EventName.TOPIC_ANSWERED: {"topic": "Skyss", "answer": "Taxi er bestilt.", "meeting_id": 1, "topic_id": 1},
    EventName.GOAL_ADDED: {"goal_text": "Jeg vil bake"},
    EventName.GOAL_CHANGED: {"goal_text": "Jeg vil bake"},
    EventName.PARTICIPANT_ADDED: {"service": "Fysioterapeut"},
    EventName.PARTICIPANT_CHANGED: {"service": "Fysioterapeut"},
    EventName.PARTICIPANT_REMOVED: {"service": "Fysioterapeut"},
    EventName.MEASURE_ADDED: {"what": "Hjemmehjelp"},
    EventName.MEASURE_CHANGED: {"what": "Hjemmehjelp"},
    EventName.MEASURE_REMOVED: {"what": "Hjemmehjelp"},
    EventName.PLAN_PERIOD_SET: {"start": "2026-01-05", "end": "2027-01-04", "next_revision": "2026-06-01"},
    EventName.PLAN_CONSENT_RECORDED: {"consented_on": "2026-01-05", "source": "paper"},
    EventName.SCHEDULE_SET: {"what": "Hjemmehjelp"},
    EventName.VISIT_CANCELLED: {"what": "Hjemmehjelp", "when": "2026-12-03T07:00:00+00:00"},
    EventName.VISIT_MOVED: {
        "what": "Hjemmehjelp",
        "when": "2026-12-03T07:00:00+00:00",
        "new_when": "2026-12-04T08:00:00+00:00",
    },
    EventName.MEETING_CALLED: {"meeting_id": 1, "when": "2027-01-14T09:00:00+00:00"},
    EventName.MEETING_MOVED: {"meeting_id": 1, "when": "2027-01-15T09:00:00+00:00"},
    EventName.MINUTES_WRITTEN: {"meeting_id": 1, "when": "2026-11-20T09:00:00+00:00"},
    EventName.PLAN_REVISED: {"number": 1, "next_revision": "2027-06-01"},
}
FALLBACK = "endret planen."


class _Change:
    def __init__(self, name: EventName, details: dict):
        self.name, self.details, self.goal_id = str(name), details, None


def _sentence(app, name: EventName, details: dict, easy_read: bool) -> str:
    told = Told(_Change(name, details), "coordinator", "Line Haugland", _details(_Change(name, details), {}, {}))
    with app.test_request_context():
        html = render_template_string(
            '{% from "plan/_change_words.html" import change_sentence, change_more with context %}'
            "{{ change_sentence(told) }} {{ change_more(told) }}",
            told=told,
            easy_read=easy_read,
        )
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_details_keys_of_every_event_are_documented_where_the_sentences_are():
    header = WORDS.read_text().split("#}", 1)[0]
    documented = dict(re.findall(r"^\s{5}([a-z_]+\.[a-z_]+)\s+(.+)$", header, re.MULTILINE))
    assert set(documented) == {str(name) for name in EventName}, "an EventName without its details keys"
    for name, details in DETAILS.items():
        for key in details:
            assert key in documented[str(name)], f"{name}: {key} is not documented"


@pytest.mark.parametrize("easy_read", [False, True])
@pytest.mark.parametrize("name", list(EventName))
def test_every_event_has_a_sentence_naming_who_did_it(app, name, easy_read):
    with_details = _sentence(app, name, DETAILS[name], easy_read)
    assert FALLBACK not in with_details, f"{name} has no sentence of its own"
    assert with_details.startswith("Koordinatoren Line Haugland ")
    without = _sentence(app, name, {}, easy_read)  # a key left out: told without it, not an error
    assert without.startswith("Koordinatoren Line Haugland ") and FALLBACK not in without


def test_the_sentences_say_what_the_person_needs_to_know(app):
    assert _sentence(app, EventName.MEASURE_ADDED, DETAILS[EventName.MEASURE_ADDED], False) == (
        "Koordinatoren Line Haugland la til et nytt tiltak: Hjemmehjelp"
    )
    cancelled = _sentence(app, EventName.VISIT_CANCELLED, DETAILS[EventName.VISIT_CANCELLED], False)
    assert "avlyste besøket torsdag 3. desember 2026 kl. 08:00" in cancelled and "Hjemmehjelp" in cancelled
    not_now = _sentence(app, EventName.GOAL_NOT_NOW, DETAILS[EventName.GOAL_NOT_NOW], True)
    assert "«ikke nå»" in not_now and "Jeg vil fly" in not_now and "Grunnen: Vi tar det neste år." in not_now
    changed = _sentence(app, EventName.GOAL_AGREED_CHANGED, DETAILS[EventName.GOAL_AGREED_CHANGED], False)
    assert "Jeg vil bake brød" in changed and "Forslaget var: Jeg vil bake" in changed  # both versions


KARIS_CHANGES = [
    (EventName.MEASURE_ADDED, {"what": "Hjemmehjelp"}, None),
    (EventName.VISIT_CANCELLED, {"what": "Hjemmehjelp", "when": "2026-12-03T07:00:00+00:00"}, None),
    (EventName.MEETING_CALLED, {"meeting_id": 1, "when": "2027-01-14T09:00:00+00:00"}, None),
]


def _main_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main").get_text(" ").split())


@pytest.mark.parametrize(
    ("locale", "easy_read", "says"),
    [
        ("nb", False, "Koordinatoren Line Haugland la til et nytt tiltak: Hjemmehjelp"),
        ("nb", True, "Koordinatoren Line Haugland la til ny hjelp: Hjemmehjelp"),
        ("nn", False, "Hjemmehjelp"),
        ("nn", True, "Hjemmehjelp"),
        ("en", False, "Hjemmehjelp"),
    ],
)
def test_kari_reads_her_plans_history_newest_first(app, client, locale, easy_read, says):
    record_changes(app, KARI, KARIS_CHANGES)
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    text = _main_text(client, "/plan/historikk")
    assert says in text and "Line Haugland" in text
    # Newest first: the meeting (recorded last) before the new measure.
    assert text.index("14") < text.index("Hjemmehjelp")


def test_the_history_is_paged_and_a_page_past_the_end_is_not_found(app, client):
    log_in_test_client(app, client, KARI)
    assert client.get("/plan/historikk?side=2").status_code == 404
    assert client.get("/plan/historikk?side=x").status_code == 404


def test_nils_never_sees_a_change_about_saras_private_goal(app, client):
    private, shared = SARAS_PRIVATE_GOAL.resolve(app), SARAS_SCHOOL_DAY.resolve(app)
    record_changes(
        app,
        SARA,
        [
            (EventName.GOAL_CHANGED, {"goal_text": "Jeg vil snakke med noen om det"}, private),
            (EventName.GOAL_CHANGED, {"goal_text": "Jeg vil klare en hel skoledag hver dag"}, shared),
        ],
    )
    act_for(app, client, NILS, SARA)
    for path in ("/plan/historikk", "/plan", "/min-side", "/"):
        html = client.get(path).get_data(as_text=True)
        assert "snakke med noen" not in html, path
    assert "hel skoledag hver dag" in _main_text(client, "/plan/historikk")
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, SARA)
    assert "snakke med noen om det" in _main_text(client, "/plan/historikk")
