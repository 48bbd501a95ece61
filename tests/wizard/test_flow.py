"""The whole wizard through plain forms and redirects: as owner, as a verge, and with no plan."""

from __future__ import annotations

from sqlalchemy import func, select

from app import db
from app.models import AuditEvent, Goal, Person, Plan, PlanRequest, WizardSubmission
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import ARNE, KARI, OLA, RANDI
from tests.wizard.helpers import fill_in, form_state, post_step, send


def _ids(app, model) -> set[int]:
    """The rows there are now: the demo already holds a sent goal each for Kari and Ola, so a test
    looks at the rows it added."""
    with app.app_context():
        return set(db.db_session().scalars(select(model.id)))


def _proposed_goals(app, pid: str, before: set[int] = frozenset()) -> list[Goal]:
    with app.app_context():
        s = db.db_session()
        return list(
            s.scalars(
                select(Goal)
                .join(Plan)
                .join(Person, Plan.owner_id == Person.id)
                .where(Person.pid == pid, Goal.status == "proposed", Goal.id.not_in(before))
            )
        )


def test_kari_goes_through_every_step_and_her_goals_land_in_her_plan_as_her_proposal(app, client):
    log_in_test_client(app, client, KARI)
    goals_before = _ids(app, Goal)
    marked_before = (
        client.get("/plan").get_data(as_text=True).count("Ditt forslag – ikke behandlet av koordinatoren ennå")
    )
    assert client.get("/hva-er-viktig").status_code == 200
    fill_in(client, {"health": "Jeg vil sove bedre.", "leisure": "Jeg vil synge i kor."})
    check = client.get("/hva-er-viktig/se-over").get_data(as_text=True)
    assert "Jeg vil sove bedre." in check and "Jeg vil synge i kor." in check and "Marit" in check
    response = send(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/hva-er-viktig/sendt")
    sent = client.get("/hva-er-viktig/sendt").get_data(as_text=True)
    assert "Sendt til koordinatoren" in sent and "Jeg vil synge i kor." in sent
    goals = _proposed_goals(app, KARI, goals_before)
    assert sorted(g.text for g in goals) == ["Jeg vil sove bedre.", "Jeg vil synge i kor."]
    assert {g.importance for g in goals} == {"very"} and all(g.needs == "Å treffe andre." for g in goals)
    plan = client.get("/plan").get_data(as_text=True)
    assert plan.count("Ditt forslag – ikke behandlet av koordinatoren ennå") == marked_before + 2
    assert (
        plan.count('<p class="goal__text" dir="auto">Jeg vil gå tur i nærmiljøet') == 1
    )  # the agreed goals are still there, unmarked


def test_sending_twice_creates_nothing_twice(app, client):
    log_in_test_client(app, client, KARI)
    goals, submissions, events = _ids(app, Goal), _ids(app, WizardSubmission), _ids(app, AuditEvent)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    state = form_state(client, "/hva-er-viktig/se-over")
    assert client.post("/hva-er-viktig/send", state).status_code == 303
    replay = client.post("/hva-er-viktig/send", state)
    assert replay.status_code == 303
    assert "allerede sendt" in client.get("/hva-er-viktig/sendt").get_data(as_text=True)
    assert len(_proposed_goals(app, KARI, goals)) == 1
    with app.app_context():
        s = db.db_session()
        assert len(_ids(app, WizardSubmission) - submissions) == 1
        sent = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "wizard.sent")
        assert s.scalar(sent.where(AuditEvent.id.not_in(events))) == 1


def test_randi_fills_in_for_ola_and_the_audit_log_names_both(app, client):
    act_for(app, client, RANDI, OLA)
    goals, submissions, events = _ids(app, Goal), _ids(app, WizardSubmission), _ids(app, AuditEvent)
    fill_in(client, {"daily-living": "Eg vil lage middag sjølv."})
    page = client.get("/hva-er-viktig/se-over").get_data(as_text=True)
    assert "Sist lagret av deg" in page
    assert send(client).status_code == 303
    with app.app_context():
        s = db.db_session()
        randi, ola = (s.scalar(select(Person.id).where(Person.pid == pid)) for pid in (RANDI, OLA))
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "wizard.sent", AuditEvent.id.not_in(events)))
        assert (event.actor_id, event.subject_id, event.basis) == (randi, ola, "guardian")
        (submission,) = s.scalars(select(WizardSubmission).where(WizardSubmission.id.not_in(submissions)))
        assert (submission.sent_by_id, submission.owner_id, submission.basis) == (randi, ola, "guardian")
        assert submission.trusted_person == "Marit" and submission.participants_wish == "Fastlegen"
    assert len(_proposed_goals(app, OLA, goals)) == 1
    assert "Forslag fra Ola Berg" in client.get("/plan").get_data(as_text=True)
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale="nb")
    # Ola reads easy-read: two short sentences, no "behandlet" (Nynorsk "handsama").
    plan = client.get("/plan").get_data(as_text=True)
    assert "<strong>Dette er ditt forslag.</strong>" in plan and "Koordinatoren har ikke sett på det ennå." in plan
    assert "behandlet" not in plan


def test_arne_without_a_plan_sends_a_request_for_one_with_his_answers(app, client):
    log_in_test_client(app, client, ARNE)
    goals = _ids(app, Goal)
    assert "/hva-er-viktig" in client.get("/plan").get_data(as_text=True)
    fill_in(client, {"housing": "Jeg vil bo hjemme så lenge jeg kan."})
    assert "Send og be om en plan" in client.get("/hva-er-viktig/se-over").get_data(as_text=True)
    assert send(client).status_code == 303
    assert "Sendt til kommunen" in client.get("/hva-er-viktig/sendt").get_data(as_text=True)
    with app.app_context():
        s = db.db_session()
        arne = s.scalar(select(Person.id).where(Person.pid == ARNE))
        request = s.scalar(select(PlanRequest).where(PlanRequest.person_id == arne))
        assert request is not None
        assert request.municipality_id is not None
        assert request.answers["goals"]["housing"]["text"] == "Jeg vil bo hjemme så lenge jeg kan."
        assert s.scalar(select(func.count()).select_from(Goal).where(Goal.id.not_in(goals))) == 0  # no goal anywhere


def test_a_draft_is_kept_across_logins_and_resumes_where_the_person_was(app, client):
    log_in_test_client(app, client, KARI)
    post_step(client, "/hva-er-viktig/viktig", {"important": "Familien min."})
    post_step(client, "/hva-er-viktig/livsomrader", {"areas": ["health", "work"]})
    post_step(client, "/hva-er-viktig/mal/health", {"text": "Jeg vil sove bedre."})
    client.client.delete_cookie("minplan_session")  # the session ended
    assert client.get("/hva-er-viktig").status_code == 303  # to log in
    log_in_test_client(app, client, KARI)
    start = client.get("/hva-er-viktig").get_data(as_text=True)
    assert 'href="/hva-er-viktig/mal/work"' in start and "Fortsett der du var" in start
    assert "Familien min." in client.get("/hva-er-viktig/viktig").get_data(as_text=True)
    assert "Jeg vil sove bedre." in client.get("/hva-er-viktig/mal/health").get_data(as_text=True)
