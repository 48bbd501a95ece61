"""The plan as its owner and each kind of representative sees it, and saying how a goal goes."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from app import db
from app.models import Goal, GoalEvaluation, Plan
from tests.auth.sessions import act_for, log_in_test_client
from tests.demo_lookups import DemoGoal
from tests.people import EMMA, KARI, NILS, PER, SARA

PRIVATE_GOAL = "uten at mamma og pappa vet det"


KARIS_WALK = DemoGoal(KARI, "Jeg vil gå tur")
EMMAS_BREAKS = DemoGoal(EMMA, "Jeg vil være med i friminuttet")
SARAS_SCHOOL_DAY = DemoGoal(SARA, "Jeg vil klare en hel skoledag")
SARAS_PRIVATE_GOAL = DemoGoal(SARA, "Jeg vil snakke med noen")


def _evaluate(client, goal_id: int, **form):
    token = client.csrf_token("/plan")  # any page's token will do: a 404 goal has no page
    return client.post(f"/plan/mal/{goal_id}/hvordan-gar-det", {"csrf_token": token, **form})


def test_sara_sees_her_private_goal_marked_as_hidden_from_her_parents(app, client):
    log_in_test_client(app, client, SARA)
    html = client.get("/plan").get_data(as_text=True)
    assert PRIVATE_GOAL in html and "Skjult for foreldrene dine" in html


def test_nils_sees_saras_plan_without_her_private_goal(app, client):
    act_for(app, client, NILS, SARA)
    html = client.get("/plan").get_data(as_text=True)
    assert "Planen til Sara Lund" in html
    assert "skoledag" in html
    assert PRIVATE_GOAL not in html and "Skjult" not in html
    assert _evaluate(client, SARAS_PRIVATE_GOAL.resolve(app), rating="good").status_code == 404


def test_nils_with_a_read_only_fullmakt_reads_but_cannot_change_karis_plan(app, client):
    act_for(app, client, NILS, KARI, "power_of_attorney")
    html = client.get("/plan").get_data(as_text=True)
    goal = KARIS_WALK.resolve(app)
    assert "Jeg vil gå tur" in html and "Se hvordan det går med målet" in html
    goal_page = client.get(f"/plan/mal/{goal}").get_data(as_text=True)
    assert "Jeg vil gå tur" in goal_page and "Hvordan går det?" not in goal_page and "Endre målet" not in goal_page
    assert _evaluate(client, goal, rating="good").status_code == 403
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI)
    assert "Nils Lund, fullmakt, så planen" in client.get("/tilgangslogg").get_data(as_text=True)


def test_per_says_how_emmas_goal_is_going_and_it_shows_who_did(app, client):
    act_for(app, client, PER, EMMA)
    goal = EMMAS_BREAKS.resolve(app)
    response = _evaluate(client, goal, rating="some", comment="<script>alert(1)</script> Litt bedre")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/plan/mal/{goal}")
    html = client.get(f"/plan/mal/{goal}").get_data(as_text=True)  # where the redirect leads, with its notice
    assert "Takk! Vi har lagret det." in html and "Sagt av deg" in html
    assert "Sist sagt: Det går litt" in client.get("/plan").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Litt bedre" in html
    assert "Per Hansen, forelder, sa hvordan det går med et mål" in client.get("/tilgangslogg").get_data(as_text=True)


def test_a_goal_in_someone_elses_plan_cannot_be_evaluated(app, client):
    log_in_test_client(app, client, KARI)
    assert _evaluate(client, EMMAS_BREAKS.resolve(app), rating="good").status_code == 404
    assert _evaluate(client, 999999, rating="good").status_code == 404


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Velg hvordan det går."),
        ({"rating": "great"}, "Velg hvordan det går."),
        (
            {"rating": "good", "comment": "x" * 100_000},
            "Teksten har 98000 tegn for mye. Du kan skrive opptil 2000 tegn.",
        ),
    ],
    ids=["no-choice", "unknown-choice", "100000-characters"],
)
def test_bad_evaluations_get_a_message_at_the_field_and_keep_what_was_typed(app, client, form, message):
    log_in_test_client(app, client, KARI)
    response = _evaluate(client, KARIS_WALK.resolve(app), **form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count(message) == 2
    with app.app_context():
        assert db.db_session().scalar(select(GoalEvaluation)) is None


def test_the_plan_page_costs_the_same_queries_with_100_goals_as_with_2(app, client, queries_stay_flat):
    log_in_test_client(app, client, KARI)

    def add_goals(s):
        plan = s.scalar(select(Plan).where(Plan.owner.has(name="Kari Nordmann")))
        s.add_all([Goal(plan_id=plan.id, position=10 + i, life_area="leisure", text=f"Mål {i}") for i in range(100)])

    queries_stay_flat(
        client, "/plan", add_goals, lambda s: s.execute(delete(Goal).where(Goal.text.like("Mål %"))), shows="Mål 99"
    )


def test_a_parent_of_a_12_to_15_year_old_sees_nothing_about_her_private_goal_in_the_log(app, client):
    log_in_test_client(app, client, SARA)
    assert _evaluate(client, SARAS_PRIVATE_GOAL.resolve(app), rating="hard").status_code == 303
    assert "Du sa hvordan det går med et mål" in client.get("/tilgangslogg").get_data(as_text=True)
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    html = client.get("/tilgangslogg").get_data(as_text=True)
    assert "sa hvordan det går med et mål" not in html
    assert "Nils Lund, forelder, begynte å bruke Min plan for Sara Lund" in html


def test_the_plan_shows_resources_needs_and_who_helps_with_the_coordinator_first(app, client):
    log_in_test_client(app, client, KARI)
    html = client.get("/plan").get_data(as_text=True)
    for fact in (
        "Klarer selv",
        "Jeg går til postkassen",
        "Hjelp fra familie og nettverk",
        "Trenger hjelp til",
        "Fysioterapitjenesten",
        "NAV Askøy",
        "Marit Nordmann",
        "Koordinerende enhet i Askøy kommune",
        "Samtykke til å ha en individuell plan ble gitt 10. januar 2026.",
    ):
        assert fact in html, fact
    team = html.split('id="team-heading"', 1)[1]
    assert (
        team.index("Line Haugland")
        < team.index("Fysioterapitjenesten")
        < team.index("NAV Askøy")
        < team.index("Marit Nordmann")
    )


def _privacy(client, goal_id: int, private: str, expected: str):
    token = client.csrf_token("/plan")
    return client.post(
        f"/plan/mal/{goal_id}/skjul-for-foreldre", {"csrf_token": token, "private": private, "expected": expected}
    )


def test_sara_keeps_a_goal_from_her_parents_and_nils_no_longer_sees_it(app, client):
    school_goal = SARAS_SCHOOL_DAY.resolve(app)
    log_in_test_client(app, client, SARA)
    try:
        assert _privacy(client, school_goal, "on", "off").status_code == 303
        assert "Vis målet for foreldrene mine" in client.get(f"/plan/mal/{school_goal}").get_data(as_text=True)
        client.client.delete_cookie("minplan_session")
        act_for(app, client, NILS, SARA)
        html = client.get("/plan").get_data(as_text=True)
        assert "klare en hel skoledag" not in html and "Planen har ingen mål ennå." in html
        assert client.get(f"/plan/mal/{school_goal}").status_code == 404  # as if there were no such goal
        assert _privacy(client, school_goal, "off", "on").status_code == 403  # parents cannot undo it
    finally:
        with app.app_context():
            s = db.db_session()
            s.get(Goal, school_goal).private_from_parents = False
            s.commit()


def test_a_stale_privacy_form_changes_nothing_and_says_so(app, client):
    school_goal = SARAS_SCHOOL_DAY.resolve(app)
    log_in_test_client(app, client, SARA)
    assert _privacy(client, school_goal, "off", "on").status_code == 303  # the page said "private"; it is not
    html = client.get(f"/plan/mal/{school_goal}").get_data(as_text=True)
    assert "Målet er allerede synlig for foreldrene dine." in html and "noen andre" not in html
    with app.app_context():
        assert db.db_session().get(Goal, school_goal).private_from_parents is False


def test_only_12_to_15_year_olds_keep_goals_private(app, client):
    log_in_test_client(app, client, KARI)
    goal = KARIS_WALK.resolve(app)
    assert "Skjul målet for foreldrene mine" not in client.get(f"/plan/mal/{goal}").get_data(as_text=True)
    assert _privacy(client, goal, "on", "off").status_code == 403


def test_the_print_view_holds_the_whole_plan_and_nothing_to_press(app, client):
    log_in_test_client(app, client, KARI)
    html = client.get("/plan/utskrift").get_data(as_text=True)
    for fact in (
        "Individuell plan for Kari Nordmann",
        "Jeg vil gå tur",
        "Trenger hjelp til",
        "Line Haugland",
        "Fysioterapitjenesten",
        "Planen skal gås gjennom igjen",
    ):
        assert fact in html, fact
    main = html.split('id="main"', 1)[1]
    assert "<form" not in main.split("</main>")[0]


def test_easy_read_says_who_helps_and_which_goal_in_everyday_words(app, client):
    log_in_test_client(app, client, KARI, easy_read=True)
    html = client.get("/plan").get_data(as_text=True)
    assert "Hjelpen kommer fra Fysioterapitjenesten, Fysioterapeut." in html
    assert "Dette hjelper deg med: Jeg vil gå tur" in html and "Neste møte om planen" in html
    assert "Ansvarlig:" not in html and "Neste koordineringsmøte" not in html


def test_the_plan_page_asks_the_database_no_more_than_it_must(app, client, count_queries):
    """A budget, measured: the session, the reader, the plan with its parts, the news and what she
    has seen. A reader who has seen everything writes nothing (make bench: benchmarks/README.md)."""
    log_in_test_client(app, client, KARI)
    client.get("/plan")  # her news marked seen

    with count_queries() as seen_before:
        assert client.get("/plan").status_code == 200

    assert seen_before.count <= 12, seen_before.statements
    assert not [s for s in seen_before.statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
