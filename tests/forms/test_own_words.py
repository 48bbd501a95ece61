"""People's own words come back as they wrote them: emoji and right-to-left text are stored and
shown unchanged, in an element that takes its direction from the text (`dir="auto"`), so Arabic
reads right to left inside a Norwegian page; and every long text field counts characters instead
of cutting what is pasted."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.models import GoalEvaluation
from tests.auth.sessions import log_in_test_client
from tests.forms.test_all_errors_at_once import _goal_id, _the_form
from tests.people import KARI
from tests.wizard.helpers import post_step, send

OWN_WORDS = "Jeg vil lære å si مرحبا بالعالم og שלום 👋🏽👨‍👩‍👧 på kurset."


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_an_evaluation_in_arabic_hebrew_and_emoji_is_stored_and_shown_as_written(app, client):
    goal = _goal_id(app)
    log_in_test_client(app, client, KARI)
    action, hidden = _the_form(client.get(f"/plan/mal/{goal}").get_data(as_text=True), "goal")

    assert client.post(action, {**hidden, "rating": "good", "comment": OWN_WORDS}).status_code == 303

    with app.app_context():
        stored = db.db_session().scalars(select(GoalEvaluation.comment).where(GoalEvaluation.goal_id == goal)).all()
    assert OWN_WORDS in stored
    shown = [p for p in _soup(client.get(f"/plan/mal/{goal}")).find_all("p") if p.get_text(strip=True) == OWN_WORDS]
    assert [p.get("dir") for p in shown] == ["auto"]


def test_a_wizard_answer_in_right_to_left_text_comes_back_on_the_check_page_as_written(app, client):
    log_in_test_client(app, client, KARI)
    assert post_step(client, "/hva-er-viktig/viktig", {"important": OWN_WORDS}).status_code == 303

    page = _soup(client.get("/hva-er-viktig/se-over"))
    answers = [dd for dd in page.find_all("dd") if dd.get_text(strip=True) == OWN_WORDS]
    assert [dd.get("dir") for dd in answers] == ["auto"]
    kept = _soup(client.get("/hva-er-viktig/viktig")).find("textarea", attrs={"name": "important"})
    assert kept.get_text() == OWN_WORDS and kept.get("dir") == "auto"


@pytest.mark.parametrize("page", ["/hva-er-viktig/viktig", "/hva-er-viktig/deltakere", "goal words"])
def test_long_text_fields_count_characters_instead_of_cutting_them(app, client, page):
    if page == "goal words":
        page = f"/plan/mal/{_goal_id(app)}/endre"
    log_in_test_client(app, client, KARI)
    soup = _soup(client.get(page))
    fields = soup.find_all("textarea")
    assert fields
    for field in fields:
        count = soup.find(id=f"{field['id']}-count")
        assert field.get("maxlength") is None, f"{field['name']} cuts what is pasted"
        assert field.get("dir") == "auto"
        assert count.get_text(strip=True) == "Du kan skrive opptil 2000 tegn."
        assert f"{field['id']}-count" in field["aria-describedby"].split()
    for field in soup.find_all("input", attrs={"type": "text"}):
        assert field.get("maxlength") is None and field.get("dir") == "auto"


def test_5000_characters_pasted_are_kept_and_said_to_be_3000_too_many(app, client):
    log_in_test_client(app, client, KARI)
    pasted = ("Jeg vil ha hjelp til å handle mat. 🛒 " * 200)[:4999] + "."

    response = post_step(client, "/hva-er-viktig/viktig", {"important": pasted})

    assert response.status_code == 422
    soup = _soup(response)
    assert soup.find("textarea", attrs={"name": "important"}).get_text() == pasted
    too_many = len(pasted) - 2000
    message = f"Teksten har {too_many} tegn for mye. Du kan skrive opptil 2000 tegn. Alt du skrev, står der fortsatt."
    assert soup.find(id="field-important-error").get_text(strip=True) == message


def test_two_fields_refused_by_the_same_rule_are_told_apart_in_the_summary(app, client):
    goal = _goal_id(app)
    log_in_test_client(app, client, KARI)
    action, hidden = _the_form(client.get(f"/plan/mal/{goal}/endre").get_data(as_text=True), "goal words")
    long = "x" * 2001

    response = client.post(action, {**hidden, "text": "Gå tur", "own_resources": long, "needs": long})

    assert response.status_code == 422
    entries = [a.get_text(" ", strip=True) for a in _soup(response).select("[data-error-summary] a")]
    assert len(entries) == 2 and len(set(entries)) == 2
    assert [entry.split(":")[0] for entry in entries] == ["Klarer selv", "Trenger hjelp til"]


def test_sending_answers_with_two_goals_missing_names_each_area_in_the_summary(app, client):
    log_in_test_client(app, client, KARI)
    assert post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health", "work"]}).status_code == 303

    response = send(client)

    assert response.status_code == 422
    summary = _soup(response).select("[data-error-summary] a")
    assert {a["href"]: a.get_text(" ", strip=True) for a in summary} == {
        "#answer-goal-health": "Helse: Skriv målet ditt med egne ord.",
        "#answer-goal-work": "Arbeid og dagaktivitet: Skriv målet ditt med egne ord.",
    }
