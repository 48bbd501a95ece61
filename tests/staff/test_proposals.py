"""The coordinator takes in the person's proposals (issue 15, item 2): agree as written, agree with
changed words (the person sees both, and who changed them), not now with a reason; a topic onto
the agenda or answered. Stale forms get 409 with both versions, bad input 422, another plan's
goal 404, and only the plan's coordinator answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import db
from app.demo.proposals import upsert_proposals
from app.domain import clock
from app.domain.actor import Actor
from app.models import AuditEvent, Goal, Meeting, MeetingTopic, Person, Plan, PlanChange
from app.services import plans, wizard
from app.services.wizard_steps import AREAS, GOALS
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, OLA, RANDI
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    log_in_staff,
    staff_member_id,
)

OLA_WORDS = "Eg vil fiske i Lustrafjorden."
AGREED = "Eg vil fiske i Lustrafjorden med ein ven to gonger i månaden."


def _plan_id(app, pid: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def _propose(app, pid: str, words: str, area: str = "leisure") -> tuple[int, int]:
    """The person sends a goal from "Hva er viktig for deg?", as on the page: (goal id, version)."""
    with app.test_request_context():
        s = db.db_session()
        actor = Actor(s.scalar(select(Person).where(Person.pid == pid)))
        draft = wizard.save_step(s, actor, AREAS, {"areas": [area]}, None)
        draft = wizard.save_step(s, actor, GOALS, {"text": words}, draft.version, area)
        goal = s.get(Goal, wizard.send(s, actor, draft.version).goal_ids[area])
        return goal.id, goal.version


def _topic(app, pid: str, words: str) -> int:
    with app.test_request_context():
        s = db.db_session()
        owner = s.scalar(select(Person).where(Person.pid == pid))
        plan = plans.plan_for(s, owner.id)
        now = clock.now()
        meeting = plans.next_meeting(s, plan, now)  # the one the person's plan page shows
        if meeting is None:
            meeting = Meeting(
                plan_id=plan.id, starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1)
            )
            meeting.place, meeting.invited = "Rådhuset", []
            s.add(meeting)
            s.commit()
        return plans.propose_topic(s, Actor(owner), meeting, words).id


def _url(app, pid: str, tail: str = "") -> str:
    return f"/ansatt/planer/{_plan_id(app, pid)}/forslag{tail}"


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": client.csrf_token(path), **data})


def _goal(app, goal_id: int) -> Goal:
    with app.app_context():
        s = db.db_session()
        goal = s.get(Goal, goal_id)
        s.expunge(goal)
        return goal


def _changes(app, goal_id: int) -> list[PlanChange]:
    with app.app_context():
        return list(db.db_session().scalars(select(PlanChange).where(PlanChange.goal_id == goal_id)))


def test_the_page_lists_proposals_and_records_the_look(app, client):
    goal_id, _ = _propose(app, OLA, OLA_WORDS)
    member = log_in_staff(app, client, LUSTER_COORDINATOR)
    response = client.get(_url(app, OLA))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and OLA_WORDS in page
    assert f"/mal/{goal_id}/endret" in page and f"/mal/{goal_id}/ikke-na" in page
    with app.app_context():
        rows = db.db_session().scalars(
            select(AuditEvent.action).where(AuditEvent.staff_member_id == member, AuditEvent.object_type == "plan")
        )
        assert list(rows) == ["plan.read"]


def test_agree_as_written(app, client):
    goal_id, version = _propose(app, OLA, OLA_WORDS)
    log_in_staff(app, client, LUSTER_COORDINATOR)
    assert _post(client, _url(app, OLA, f"/mal/{goal_id}/enig"), version=version).status_code == 303
    goal = _goal(app, goal_id)
    assert (goal.status, goal.answer, goal.text, goal.proposed_text) == ("agreed", "agreed", OLA_WORDS, OLA_WORDS)
    assert goal.answered_by_id == staff_member_id(app, LUSTER_COORDINATOR) and goal.answered_at is not None
    [change] = _changes(app, goal_id)
    assert change.name == "goal.agreed" and change.staff_member_id == goal.answered_by_id


def test_agree_with_changed_words_and_the_person_reads_both_in_nynorsk_easy_read(app, client):
    goal_id, version = _propose(app, OLA, OLA_WORDS)
    log_in_staff(app, client, LUSTER_COORDINATOR)
    response = _post(client, _url(app, OLA, f"/mal/{goal_id}/endret"), version=version, text=AGREED)
    assert response.status_code == 303
    goal = _goal(app, goal_id)
    assert (goal.status, goal.answer, goal.text, goal.proposed_text) == ("agreed", "agreed_changed", AGREED, OLA_WORDS)
    [change] = _changes(app, goal_id)
    assert change.name == "goal.agreed_changed" and change.details == {"goal_text": AGREED}

    log_in_test_client(app, client, OLA, locale="nn", easy_read=True)
    for page in (client.get("/plan"), client.get(f"/plan/mal/{goal_id}")):
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and OLA_WORDS in html and AGREED in html and "Ingrid Myklebust" in html


def test_randi_sees_both_versions_for_ola(app, client):
    goal_id, version = _propose(app, OLA, OLA_WORDS)
    log_in_staff(app, client, LUSTER_COORDINATOR)
    _post(client, _url(app, OLA, f"/mal/{goal_id}/endret"), version=version, text=AGREED)
    act_for(app, client, RANDI, OLA)
    html = client.get("/plan").get_data(as_text=True)
    assert OLA_WORDS in html and AGREED in html


def test_not_now_with_a_reason_the_person_reads(app, client):
    goal_id, version = _propose(app, KARI, "Jeg vil reise til Spania.")
    log_in_staff(app, client, ASKOY_COORDINATOR)
    reason = "Vi tar dette opp igjen når du har fått hjelp med trappa."
    assert _post(client, _url(app, KARI, f"/mal/{goal_id}/ikke-na"), version=version, reason=reason).status_code == 303
    goal = _goal(app, goal_id)
    assert (goal.status, goal.answer, goal.answer_reason) == ("not_now", "not_now", reason)
    assert [c.name for c in _changes(app, goal_id)] == ["goal.not_now"]
    log_in_test_client(app, client, KARI)
    assert reason in client.get("/plan").get_data(as_text=True)
    # Answered once: a second answer is refused clearly, nothing changed.
    log_in_staff(app, client, ASKOY_COORDINATOR)
    again = _post(client, _url(app, KARI, f"/mal/{goal_id}/enig"), version=goal.version)
    assert again.status_code == 409 and _goal(app, goal_id).answer == "not_now"


def test_a_stale_form_gets_409_with_both_versions_and_the_typed_words(app, client):
    goal_id, version = _propose(app, KARI, "Jeg vil male stua.")
    with app.test_request_context():  # Kari changes her words while Line reads them
        s = db.db_session()
        kari = Actor(s.scalar(select(Person).where(Person.pid == KARI)))
        goal = s.get(Goal, goal_id)
        plans.change_goal(s, kari, goal, plans.GoalWords("Jeg vil male stua gul.", None, None, None), version)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    typed = "Jeg vil male stua sammen med søsteren min."
    response = _post(client, _url(app, KARI, f"/mal/{goal_id}/endret"), version=version, text=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Jeg vil male stua gul." in html and typed in html and f'value="{version + 1}"' in html
    assert _goal(app, goal_id).status == "proposed" and _changes(app, goal_id) == []


def test_bad_input_gets_422_with_every_message(app, client):
    goal_id, version = _propose(app, KARI, "Jeg vil lære å bake brød.")
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = _post(client, _url(app, KARI, f"/mal/{goal_id}/ikke-na"), version=version, reason="x" * 2001)
    assert response.status_code == 422 and "x" * 2001 in response.get_data(as_text=True)
    response = _post(client, _url(app, KARI, f"/mal/{goal_id}/endret"), version=version, text="", life_area="the-moon")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Skriv målet slik dere ble enige om det." in html
    assert "Velg et livsområde fra listen." in html
    assert _goal(app, goal_id).status == "proposed"


def test_not_the_coordinator_is_refused(app, client):
    goal_id, version = _propose(app, KARI, "Jeg vil gå på konsert.")
    log_in_staff(app, client, ASKOY_OFFICER)  # the KE reads the plan with a reason; she does not answer
    assert client.get(_url(app, KARI)).status_code == 404
    assert _post(client, _url(app, KARI, f"/mal/{goal_id}/enig"), version=version).status_code == 403  # no plan:write
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)  # a coordinator of Askøy, not of Kari's plan
    assert client.get(_url(app, KARI)).status_code == 404
    assert _post(client, _url(app, KARI, f"/mal/{goal_id}/enig"), version=version).status_code == 404
    assert _goal(app, goal_id).status == "proposed"


def test_another_plans_goal_is_404(app, client):
    goal_id, version = _propose(app, OLA, OLA_WORDS)
    log_in_staff(app, client, ASKOY_COORDINATOR)  # Kari's coordinator, naming Ola's goal on Kari's plan
    assert _post(client, _url(app, KARI, f"/mal/{goal_id}/enig"), version=version).status_code == 404
    assert _goal(app, goal_id).status == "proposed"


def test_a_topic_onto_the_agenda_and_one_answered(app, client):
    on_agenda = _topic(app, KARI, "Jeg vil snakke om skyss til trening.")
    answered = _topic(app, KARI, "Kan fysioterapeuten komme hjem?")
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert _post(client, _url(app, KARI, f"/tema/{on_agenda}/agenda")).status_code == 303
    answer = "Ja, fra januar kommer hun hjem på tirsdager."
    assert _post(client, _url(app, KARI, f"/tema/{answered}/svar"), answer=answer).status_code == 303
    assert _post(client, _url(app, KARI, f"/tema/{answered}/svar"), answer="").status_code in (409, 422)
    with app.app_context():
        s = db.db_session()
        assert s.get(MeetingTopic, on_agenda).status == "on_agenda"
        assert (s.get(MeetingTopic, answered).status, s.get(MeetingTopic, answered).answer) == ("answered", answer)
        names = s.scalars(select(PlanChange.name).where(PlanChange.name.like("topic.%")).order_by(PlanChange.id))
        assert list(names) == ["topic.on_agenda", "topic.answered"]
    log_in_test_client(app, client, KARI)
    html = client.get("/plan").get_data(as_text=True)
    assert "Tatt med på møtet" in html and answer in html


def test_the_demo_has_olas_proposal_agreed_with_changed_words_and_karis_waiting(app):
    with app.test_request_context():
        s = db.db_session()
        upsert_proposals(s)
        upsert_proposals(s)  # loading twice changes nothing
        ola = s.scalar(select(Goal).where(Goal.plan_id == _plan_id(app, OLA), Goal.answer == "agreed_changed"))
        assert ola.proposed_text == "Eg vil jobbe på ein gard." and ola.text != ola.proposed_text
        assert s.scalar(select(PlanChange.name).where(PlanChange.goal_id == ola.id)) == "goal.agreed_changed"
        kari = s.scalars(select(Goal.text).where(Goal.plan_id == _plan_id(app, KARI), Goal.status == "proposed"))
        assert list(kari) == ["Jeg vil begynne å synge i kor igjen."]
