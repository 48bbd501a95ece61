"""One goal's page: changing its words without overwriting anyone, and what parents never see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.models import Goal, GoalEvaluation, Person
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, KARI, NILS, OLA, PER, RANDI, SARA

KARIS_WALK = "Jeg vil gå tur i nærmiljøet tre ganger i uka uten å få vondt."


def _goal(app, text_start: str) -> Goal:
    with app.app_context():
        goal = db.db_session().scalar(select(Goal).where(Goal.text.startswith(text_start)))
        db.db_session().expunge(goal)
        return goal


def _save(client, goal_id: int, version, **words):
    token = client.csrf_token(f"/plan/mal/{goal_id}")
    form = {"text": "", "own_resources": "", "network_help": "", "needs": "", **words}
    return client.post(f"/plan/mal/{goal_id}/endre", {"csrf_token": token, "version": str(version), **form})


@pytest.fixture
def karis_walk(app):
    goal = _goal(app, "Jeg vil gå tur")
    yield goal
    with app.app_context():
        s = db.db_session()
        stored = s.get(Goal, goal.id)
        stored.text, stored.own_resources, stored.network_help, stored.needs = (
            goal.text,
            goal.own_resources,
            goal.network_help,
            goal.needs,
        )
        stored.version, stored.changed_by_id, stored.changed_basis, stored.changed_at = 1, None, None, None
        s.commit()


def test_kari_changes_her_goal_in_her_own_words(app, client, karis_walk):
    log_in_test_client(app, client, KARI)
    form = client.get(f"/plan/mal/{karis_walk.id}/endre").get_data(as_text=True)
    assert KARIS_WALK in form and 'name="version" value="1"' in form
    response = _save(
        client,
        karis_walk.id,
        1,
        text="Jeg vil gå tur fire ganger i uka.",
        own_resources="Jeg går til butikken.",
        needs="<b>Fysioterapi</b>",
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/plan/mal/{karis_walk.id}")
    page = client.get(f"/plan/mal/{karis_walk.id}").get_data(as_text=True)
    assert "Endringen er lagret." in page and "Jeg vil gå tur fire ganger i uka." in page
    assert "&lt;b&gt;Fysioterapi&lt;/b&gt;" in page and "Sist endret" in page and "av deg." in page
    assert "Hjelp fra familie og nettverk" not in page  # emptied on purpose: stored as nothing
    assert "Du endret et mål" in client.get("/tilgangslogg").get_data(as_text=True)


def test_two_people_changing_the_same_goal_never_overwrite_each_other(app, client, karis_walk):
    """Kari and, in another tab, her own second form both read version 1; the second save is stopped."""
    log_in_test_client(app, client, KARI)
    assert _save(client, karis_walk.id, 1, text="Jeg vil gå tur hver dag.").status_code == 303
    stale = _save(client, karis_walk.id, 1, text="Jeg vil sykle til jobben.", needs="En sykkel.")
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Målet ble endret mens du skrev" in html
    assert "Jeg vil gå tur hver dag." in html  # theirs, shown
    assert "Jeg vil sykle til jobben." in html and "En sykkel." in html  # mine, kept in the form
    assert 'name="version" value="2"' in html
    assert html.count("(ulikt det du skrev)") == 2  # the goal and "what I need", not the two left alone
    assert "Behold det som står nå, og glem det jeg skrev" in html
    with app.app_context():
        assert db.db_session().get(Goal, karis_walk.id).text == "Jeg vil gå tur hver dag."
    # Having seen both, saving again replaces theirs knowingly.
    assert _save(client, karis_walk.id, 2, text="Jeg vil sykle til jobben.").status_code == 303
    with app.app_context():
        assert db.db_session().get(Goal, karis_walk.id).text == "Jeg vil sykle til jobben."


def test_a_verges_change_shows_who_made_it_and_on_what_basis(app, client):
    goal = _goal(app, "Eg vil lage frukost")
    act_for(app, client, RANDI, OLA)
    try:
        assert (
            _save(client, goal.id, goal.version, text=goal.text, needs="Nokon som viser meg, to gonger.").status_code
            == 303
        )
        client.client.delete_cookie("minplan_session")
        log_in_test_client(app, client, OLA)
        page = client.get(f"/plan/mal/{goal.id}").get_data(as_text=True)
        assert "Sist endra" in page and "Randi Berg (verje)" in page  # Ola reads Nynorsk (his profile)
    finally:
        with app.app_context():
            s = db.db_session()
            stored = s.get(Goal, goal.id)
            stored.needs, stored.version, stored.changed_by_id, stored.changed_basis = goal.needs, 1, None, None
            s.commit()


@pytest.mark.parametrize(
    "words, message",
    [
        ({"text": "   "}, "Skriv hva du vil oppnå."),
        ({"text": "x" * 100_000}, "Teksten har 98000 tegn for mye. Du kan skrive opptil 2000 tegn."),
    ],
    ids=["blank", "100000-characters"],
)
def test_bad_words_get_a_message_at_the_field_and_nothing_is_lost(app, client, karis_walk, words, message):
    log_in_test_client(app, client, KARI)
    response = _save(client, karis_walk.id, 1, own_resources="Jeg går til postkassen hver dag.", **words)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count(message) == 2 and "Jeg går til postkassen hver dag." in html
    with app.app_context():
        assert db.db_session().get(Goal, karis_walk.id).text == KARIS_WALK


def test_control_characters_are_dropped_and_the_rest_kept(app, client, karis_walk):
    log_in_test_client(app, client, KARI)
    assert _save(client, karis_walk.id, 1, text="Jeg vil\x00 gå\x07 tur.\nHver dag.").status_code == 303
    with app.app_context():
        assert db.db_session().get(Goal, karis_walk.id).text == "Jeg vil gå tur.\nHver dag."


def test_a_forged_version_or_someone_elses_goal_is_refused(app, client, karis_walk):
    emmas = _goal(app, "Jeg vil være med i friminuttet")
    log_in_test_client(app, client, KARI)
    assert _save(client, karis_walk.id, "banana", text="Jeg vil").status_code == 400
    assert _save(client, emmas.id, 1, text="Jeg vil").status_code == 404
    assert client.get(f"/plan/mal/{emmas.id}/endre").status_code == 404
    assert client.get("/plan/mal/999999").status_code == 404


def test_a_read_only_fullmakt_cannot_change_a_goal(app, client, karis_walk):
    act_for(app, client, NILS, KARI, "power_of_attorney")
    assert client.get(f"/plan/mal/{karis_walk.id}").status_code == 200
    assert client.get(f"/plan/mal/{karis_walk.id}/endre").status_code == 403
    assert _save(client, karis_walk.id, 1, text="Jeg vil").status_code == 403


def test_per_evaluates_emmas_goal_on_its_page_and_the_history_shows_who(app, client):
    goal = _goal(app, "Jeg vil begynne på svømming")
    act_for(app, client, PER, EMMA)
    token = client.csrf_token(f"/plan/mal/{goal.id}")
    client.post(
        f"/plan/mal/{goal.id}/hvordan-gar-det", {"csrf_token": token, "rating": "good", "comment": "Hun liker det"}
    )
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, EMMA)
    page = client.get(f"/plan/mal/{goal.id}").get_data(as_text=True)
    assert "Sagt av Per Hansen (forelder)" in page and "Hun liker det" in page and "Det går bra" in page


def test_the_goal_page_costs_the_same_queries_with_60_evaluations_as_with_1(app, client, queries_stay_flat, karis_walk):
    log_in_test_client(app, client, KARI)
    token = client.csrf_token(f"/plan/mal/{karis_walk.id}")
    client.post(f"/plan/mal/{karis_walk.id}/hvordan-gar-det", {"csrf_token": token, "rating": "good"})

    def add(s):
        # Said by many different people, so loading each author on its own would show in the count.
        authors = s.scalars(select(Person.id).where(Person.name.is_not(None))).all()
        s.add_all(
            [
                GoalEvaluation(
                    goal_id=karis_walk.id,
                    rating="some",
                    comment=f"Kommentar {i}",
                    author_id=authors[i % len(authors)],
                    basis="guardian",
                )
                for i in range(60)
            ]
        )

    queries_stay_flat(
        client,
        f"/plan/mal/{karis_walk.id}",
        add,
        lambda s: [
            s.delete(e) for e in s.scalars(select(GoalEvaluation).where(GoalEvaluation.comment.like("Kommentar %")))
        ],
        shows="Kommentar 59",
    )


def test_a_measure_for_a_private_goal_is_hidden_from_parents_everywhere(app, client):
    log_in_test_client(app, client, SARA)
    week = "/plan/denne-uka?uke=2026-W48"
    for path in ("/plan", "/plan/utskrift", week):
        assert "Samtale med helsesykepleier" in client.get(path).get_data(as_text=True), path
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    for path in ("/plan", "/plan/utskrift", week):
        html = client.get(path).get_data(as_text=True)
        assert "Samtale med helsesykepleier" not in html, path
        assert "Hjelp i timene" in html, path  # her other measure is still there


def test_control_characters_in_a_long_comment_or_topic_never_break_the_page(app, client, karis_walk):
    log_in_test_client(app, client, KARI)
    token = client.csrf_token(f"/plan/mal/{karis_walk.id}")
    response = client.post(
        f"/plan/mal/{karis_walk.id}/hvordan-gar-det", {"csrf_token": token, "rating": "good", "comment": "a\x00" * 3000}
    )
    assert response.status_code == 422  # the page checks parse it strictly: no NUL came back
    assert (
        client.post(
            f"/plan/mal/{karis_walk.id}/hvordan-gar-det", {"csrf_token": token, "rating": "good", "comment": "\x00\x07"}
        ).status_code
        == 303
    )
    assert _save(client, karis_walk.id, 1, text="x\x00" * 3000).status_code == 422


def test_saving_the_words_already_there_is_no_conflict(app, client, karis_walk):
    log_in_test_client(app, client, KARI)
    assert _save(client, karis_walk.id, 1, text="Jeg vil gå tur hver dag.").status_code == 303
    assert _save(client, karis_walk.id, 1, text="Jeg vil gå tur hver dag.").status_code == 303


def test_the_goals_words_are_not_in_the_title_the_browser_keeps_in_its_history(app, client):
    log_in_test_client(app, client, SARA)
    private = _goal(app, "Jeg vil snakke med noen")
    html = client.get(f"/plan/mal/{private.id}").get_data(as_text=True)
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Målet ditt" in title and "snakke" not in title
