"""Bad input to the wizard: clear messages with 422 and everything typed kept, never a crash,
nothing executed, nothing doubled, nothing reaching another person's plan."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.models import Goal, Person, WizardDraft
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, OLA, RANDI
from tests.wizard.helpers import fill_in, form_state, post_step


def _draft_answers(app, pid: str) -> dict | None:
    with app.app_context():
        s = db.db_session()
        draft = s.scalar(select(WizardDraft).join(Person, WizardDraft.owner_id == Person.id).where(Person.pid == pid))
        return None if draft is None else draft.answers


def _draft_row(app, pid: str) -> tuple | None:
    """The person's own draft as stored, to compare before and after: the demo already leaves one
    (started again after its sent goal), so "nothing saved" means this row did not change."""
    with app.app_context():
        s = db.db_session()
        draft = s.scalar(
            select(WizardDraft)
            .join(Person, WizardDraft.owner_id == Person.id)
            .where(Person.pid == pid, WizardDraft.author_id == Person.id)
        )
        return None if draft is None else (draft.id, draft.answers, draft.furthest_step, draft.version, draft.sent_at)


def _proposed_goal_ids(app) -> set[int]:
    with app.app_context():
        return set(db.db_session().scalars(select(Goal.id).where(Goal.status == "proposed")))


def test_no_life_area_is_refused_with_a_message_at_the_field_and_in_the_summary(app, client):
    log_in_test_client(app, client, KARI)
    response = post_step(client, "/hva-er-viktig/livsomrader", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Feil: " in html and html.count("Velg minst ett livsområde.") == 2
    assert 'href="#field-areas-health"' in html


def test_an_unknown_life_area_is_refused_and_the_choices_made_are_kept(app, client):
    log_in_test_client(app, client, KARI)
    before = _draft_row(app, KARI)
    response = post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health", "space-travel"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Velg blant livsområdene på siden." in html
    assert 'value="health" id="field-areas-health" checked' in html
    assert _draft_row(app, KARI) == before  # nothing saved


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \r\n", "\x00\x01"])
def test_a_blank_goal_is_refused_and_the_other_answers_are_kept(app, client, blank):
    log_in_test_client(app, client, KARI)
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health"]})
    response = post_step(client, "/hva-er-viktig/mal/health", {"text": blank, "importance": "some"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Skriv målet ditt med egne ord." in html
    assert 'value="some" id="field-importance-some" checked' in html


def test_a_100000_character_answer_gets_a_clear_message_and_is_kept_as_typed(app, client):
    log_in_test_client(app, client, KARI)
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health"]})
    long = "Jeg vil " + "a" * 99_992
    response = post_step(client, "/hva-er-viktig/mal/health", {"text": long})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Teksten har 98000 tegn for mye." in html
    assert long in html
    assert "goals" not in _draft_answers(app, KARI)  # no goal at all was stored


def test_html_and_script_are_stored_as_typed_and_only_ever_shown_escaped(app, client):
    log_in_test_client(app, client, KARI)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> Jeg vil & kan'
    fill_in(client, {"health": evil}, important=evil)
    assert _draft_answers(app, KARI)["goals"]["health"]["text"] == evil
    for path in ("/hva-er-viktig/viktig", "/hva-er-viktig/mal/health", "/hva-er-viktig/se-over"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    client.post("/hva-er-viktig/send", form_state(client, "/hva-er-viktig/se-over"))
    assert "<script>alert" not in client.get("/plan").get_data(as_text=True)


def test_control_characters_are_dropped_and_line_breaks_kept(app, client):
    log_in_test_client(app, client, KARI)
    post_step(client, "/hva-er-viktig/viktig", {"important": "Mor\x07 og\r\nfar\x1b"})
    assert _draft_answers(app, KARI)["important"] == "Mor og\nfar"


def test_a_goal_for_an_area_not_chosen_is_sent_to_the_page_still_missing(app, client):
    log_in_test_client(app, client, KARI)
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health"]})
    state = form_state(client, "/hva-er-viktig/mal/health")
    response = client.post("/hva-er-viktig/mal/housing", {**state, "text": "Jeg vil flytte."})
    assert response.status_code == 303 and response.headers["Location"].endswith("/hva-er-viktig/mal/health")
    assert client.get("/hva-er-viktig/mal/housing").status_code == 303
    assert client.get("/hva-er-viktig/mal/the-moon").status_code == 404
    assert client.get("/hva-er-viktig/hjelp/the-moon").status_code == 404
    # Help for a goal not yet written: back to writing the goal.
    response = client.post("/hva-er-viktig/hjelp/health", {**state, "own": "Jeg kan mye."})
    assert response.status_code == 303 and response.headers["Location"].endswith("/hva-er-viktig/mal/health")
    assert client.get("/hva-er-viktig/hjelp/health").headers["Location"].endswith("/hva-er-viktig/mal/health")
    assert "goals" not in _draft_answers(app, KARI)  # no goal at all was stored


def test_sending_before_anything_is_answered_shows_what_is_missing(app, client):
    log_in_test_client(app, client, KARI)
    before = _proposed_goal_ids(app)  # the demo's own proposal is among them
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health", "work"]})
    post_step(client, "/hva-er-viktig/mal/health", {"text": "Jeg vil sove bedre."})
    response = client.post("/hva-er-viktig/send", form_state(client, "/hva-er-viktig/se-over"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'href="#answer-goal-work"' in html
    assert _proposed_goal_ids(app) == before


def test_a_send_without_csrf_or_version_changes_nothing(app, client):
    log_in_test_client(app, client, KARI)
    before = _proposed_goal_ids(app)  # the demo's own proposal is among them
    fill_in(client, {"health": "Jeg vil sove bedre."})
    assert client.post("/hva-er-viktig/send", {"version": "5"}).status_code == 400
    token = form_state(client, "/hva-er-viktig/se-over")["csrf_token"]
    assert client.post("/hva-er-viktig/send", {"csrf_token": token, "version": "x"}).status_code == 400
    assert _proposed_goal_ids(app) == before


def test_a_stale_form_from_another_tab_is_not_saved_and_both_answers_are_shown(app, client):
    log_in_test_client(app, client, KARI)
    old = form_state(client, "/hva-er-viktig/viktig")
    assert post_step(client, "/hva-er-viktig/viktig", {"important": "Det nye svaret."}).status_code == 303
    response = client.post("/hva-er-viktig/viktig", {**old, "important": "Det gamle svaret."})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Det nye svaret." in html and "Det gamle svaret." in html
    assert ", i en annen fane eller på en annen enhet. Se begge svarene og lagre det som er riktig." in html
    assert "Du lagret nyere svar her " in html and "Noen andre" not in html  # she saved it herself
    assert _draft_answers(app, KARI)["important"] == "Det nye svaret."
    # Pressing save on the shown form (it now carries the newer version) keeps the person's choice.
    fresh = form_state(client, "/hva-er-viktig/viktig")
    assert client.post("/hva-er-viktig/viktig", {**fresh, "important": "Det gamle svaret."}).status_code == 303
    assert _draft_answers(app, KARI)["important"] == "Det gamle svaret."


def test_a_draft_is_shared_by_the_person_and_their_verge_and_shows_who_saved_last(app, client):
    act_for(app, client, RANDI, OLA)
    post_step(client, "/hva-er-viktig/viktig", {"important": "Kino med venner."})
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale="nb")
    html = client.get("/hva-er-viktig/viktig").get_data(as_text=True)
    assert "Kino med venner." in html and "Sist lagret av Randi Berg" in html


def test_a_read_only_fullmakt_cannot_use_the_wizard(app, client):
    act_for(app, client, NILS, KARI, "power_of_attorney")
    before = _draft_row(app, KARI)
    assert client.get("/hva-er-viktig").status_code == 403
    token = client.csrf_token("/min-side")
    assert (
        client.post("/hva-er-viktig/viktig", {"csrf_token": token, "version": "0", "important": "x"}).status_code == 403
    )
    assert _draft_row(app, KARI) == before


def test_forged_person_or_plan_fields_never_reach_another_persons_draft_or_plan(app, client):
    log_in_test_client(app, client, KARI)
    with app.app_context():
        ola = db.db_session().scalar(select(Person).where(Person.pid == OLA))
        ola_id, ola_plan = ola.id, ola.plan.id if getattr(ola, "plan", None) else 0
    olas_draft, proposed_before = _draft_row(app, OLA), _proposed_goal_ids(app)
    forged = {"owner_id": ola_id, "person_id": ola_id, "plan_id": ola_plan, "subject": ola_id}
    post_step(client, "/hva-er-viktig/viktig", {"important": "Mitt eget.", **forged})
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health"], **forged})
    post_step(client, "/hva-er-viktig/mal/health", {"text": "Jeg vil sove.", **forged})
    client.post("/hva-er-viktig/send", {**form_state(client, "/hva-er-viktig/se-over"), **forged})
    assert _draft_row(app, OLA) == olas_draft
    assert set(_draft_answers(app, KARI)) == {"important", "areas", "other_area", "goals"}
    with app.app_context():
        s = db.db_session()
        made = set(s.scalars(select(Goal.id).where(Goal.status == "proposed"))) - proposed_before
        owners = {s.get(Goal, goal_id).plan.owner.pid for goal_id in made}
        assert made and owners == {KARI}


def test_a_step_form_from_before_sending_does_not_start_a_new_draft_by_mistake(app, client):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    old = form_state(client, "/hva-er-viktig/deltakere")
    assert client.post("/hva-er-viktig/send", form_state(client, "/hva-er-viktig/se-over")).status_code == 303
    response = client.post("/hva-er-viktig/deltakere", {**old, "participants": "NAV"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/hva-er-viktig/sendt")
    assert "allerede sendt" in client.get("/hva-er-viktig/sendt").get_data(as_text=True)
    # A form shown after sending starts new answers.
    assert post_step(client, "/hva-er-viktig/viktig", {"important": "Noe nytt."}).status_code == 303
    assert _draft_answers(app, KARI) == {"important": "Noe nytt."}
    assert "Fortsett der du var" in client.get("/hva-er-viktig").get_data(as_text=True)
