"""Beyond the privacy walk: where Nils, acting for Sara (14), could learn of something she keeps
from him other than by opening a page with her ids — the notices he is sent, the consent history
and the access log once things have happened, and how a hidden item answers. Each test first shows
that Sara herself is told, so it can fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from app import db
from app.domain import clock
from app.domain.notice_topics import TOPIC_OF, Reminder
from app.domain.staff_access import StaffForPerson
from app.models import (
    Goal,
    Meeting,
    MeetingMinutes,
    Message,
    OutboxEvent,
    Participant,
    Person,
    Plan,
    SharingConsent,
)
from app.notifications.facts import facts_of
from app.notifications.recipients import recipients
from app.notifications.reminders import write_reminders
from app.services import meetings, plan_writing, planning, staff
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import NILS, SARA
from tests.privacy.sara import PREFIX
from tests.staff.sessions import ASKOY_COORDINATOR, staff_member_id

HELPER = {
    "kind": "service",
    "service": f"{PREFIX}attackhelper",
    "name": None,
    "role": "helsesykepleier",
    "helps_with": "Samtaler",
    "phone": None,
    "email": None,
}


def _sara(s) -> Person:
    return s.scalar(select(Person).where(Person.pid == SARA))


def _plan(s) -> Plan:
    return s.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == SARA))


def _coordinator(app, s) -> StaffForPerson:
    return StaffForPerson(staff.actor_for(s, staff_member_id(app, ASKOY_COORDINATOR)), _sara(s))


def _private_helper_with_consent(app, days_left: int = 10) -> tuple[int, int]:
    """The coordinator enters a helper for Sara's private goal only; a sharing consent to it is
    in force until `days_left` from today (as the privacy walk's own fixture makes one)."""
    with app.app_context(), db.new_session() as s:
        plan = _plan(s)
        private_goal = s.scalar(select(Goal).where(Goal.plan_id == plan.id, Goal.private_from_parents))
        details = planning.ParticipantDetails(**{k: v for k, v in HELPER.items()})
        helper = planning.add_participant(s, _coordinator(app, s), plan, details, [private_goal])
        consent = SharingConsent(
            plan_id=plan.id,
            participant_id=helper.id,
            status="given",
            areas=["health"],
            purpose="Samtaler",
            valid_from=clock.today() - timedelta(days=30),
            valid_to=clock.today() + timedelta(days=days_left),
            changed_by_id=_sara(s).id,
            basis="self",
        )
        s.add(consent)
        s.commit()
        return helper.id, consent.id


def _remove_helper(app, helper_id: int) -> None:
    """The coordinator takes the helper out of Sara's plan."""
    with app.app_context(), db.new_session() as s:
        helper = s.get(Participant, helper_id)
        plan_writing.remove_participant(s, _coordinator(app, s), helper, helper.version)


@pytest.fixture
def private_helper(app):
    made = _private_helper_with_consent(app)
    yield made  # the autouse fixture puts every table it wrote back as the demo left it


def test_consent_ending_reminder_for_a_private_helper_is_not_sent_to_her_father(app, client, private_helper):
    _helper_id, consent_id = private_helper
    # Min side does not tell him of it: he sees nothing ending...
    act_for(app, client, NILS, SARA)
    page = client.get("/min-side").get_data(as_text=True)
    assert PREFIX.lower() not in page.lower()
    # ...but the daily job writes a reminder about Sara, and the worker tells whoever may read her plan.
    with app.app_context(), db.new_session() as s:
        write_reminders(s)
        outbox = s.scalar(select(OutboxEvent).where(OutboxEvent.key.like(f"consent_ending:{consent_id}:%")))
        assert outbox is not None and outbox.name == Reminder.CONSENT_ENDING
        facts = facts_of(s, outbox)
        told = {r.person_id: r for r in recipients(s, facts, TOPIC_OF[outbox.name])}
        nils = s.scalar(select(Person.id).where(Person.pid == NILS))
        sara = _sara(s).id
        assert sara in told  # so the check below can fail
        # Not "Det gjelder en du hjelper. Et samtykke i Min plan går ut …" about a consent no page of his shows.
        assert nils not in told, "Nils is told that a consent he cannot see ends soon"


def test_consent_history_does_not_name_a_removed_private_helper_to_her_father(app, client, private_helper):
    helper_id, _consent_id = private_helper
    _remove_helper(app, helper_id)  # the consent to it ends, and the history names it
    # Sara reads it (so the test can fail)
    log_in_test_client(app, client, SARA)
    assert HELPER["service"] in client.get("/samtykke/historikk").get_data(as_text=True)
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    leaks = {}
    for path in ("/samtykke/historikk", "/min-side/dataene-dine/utskrift", "/min-side/dataene-dine.json"):
        response = client.client.get(path)
        text = response.get_data(as_text=True)
        leaks[path] = (response.status_code, PREFIX.lower() in text.lower())
    assert {p: found for p, (_status, found) in leaks.items() if found} == {}, leaks


@pytest.fixture
def private_minutes(app):
    with app.app_context(), db.new_session() as s:
        plan = _plan(s)
        start = datetime.now(UTC) - timedelta(days=2)
        meeting = Meeting(
            plan_id=plan.id, starts_at=start, ends_at=start + timedelta(hours=1), place="Skolen", invited=["Sara"]
        )
        s.add(meeting)
        s.commit()
        meetings.write_minutes(s, _coordinator(app, s), meeting, None, f"{PREFIX}minutes", [], None, True)
        meeting_id = meeting.id
    yield meeting_id
    with app.app_context(), db.new_session() as s:
        s.execute(delete(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting_id))
        s.execute(delete(Meeting).where(Meeting.id == meeting_id))
        s.commit()


def test_access_log_does_not_tell_her_father_that_private_minutes_were_written(app, client, private_minutes):
    log_in_test_client(app, client, SARA)
    hers = client.get("/tilgangslogg").get_data(as_text=True)
    assert "referatet fra et møte" in hers  # so the check below can fail
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    plan_page = client.get("/plan").get_data(as_text=True)
    assert PREFIX.lower() not in plan_page.lower()  # the minutes themselves are hidden...
    his = client.get("/tilgangslogg").get_data(as_text=True)
    # ...and his access log does not say that the coordinator wrote minutes he can find nowhere.
    assert "referatet fra et møte" not in his


def test_her_hidden_goal_helper_and_message_answer_him_as_if_they_did_not_exist(app, client, private_helper):
    helper_id, _ = private_helper

    with app.app_context(), db.new_session() as s:
        plan = _plan(s)
        goal = s.scalar(select(Goal.id).where(Goal.plan_id == plan.id, Goal.private_from_parents))
        sara = _sara(s)
        msg = Message(plan_id=plan.id, person_id=sara.id, basis="self", text="x", private_from_parents=True)
        s.add(msg)
        s.commit()
        message_id = msg.id
    act_for(app, client, NILS, SARA)
    token = client.csrf_token("/plan")
    missing = 987654
    pairs = [
        ("GET", "/plan/mal/{}", goal),
        ("GET", "/plan/mal/{}/endre", goal),
        ("POST", "/plan/mal/{}/hvordan-gar-det", goal),
        ("POST", "/plan/mal/{}/endre", goal),
        ("GET", "/samtykke/{}/gi", helper_id),
        ("GET", "/samtykke/{}/endre", helper_id),
        ("GET", "/samtykke/{}/trekk-tilbake", helper_id),
        ("POST", "/samtykke/{}/gi", helper_id),
        ("POST", "/samtykke/{}/trekk-tilbake", helper_id),
        ("POST", "/meldinger/{}/trekk-tilbake", message_id),
    ]
    differ = []
    for method, path, real in pairs:
        answers = []
        for ident in (real, missing):
            url = path.format(ident)
            if method == "GET":
                r = client.client.get(url)
            else:
                r = client.client.post(url, data={"csrf_token": token, "rating": "good", "version": "1"})
            answers.append((r.status_code, r.headers.get("Location")))
        if answers[0] != answers[1]:
            differ.append((method, path, answers))
    assert differ == []


def test_access_log_does_not_tell_her_father_a_consent_to_a_private_helper_ended(app, client, private_helper):
    helper_id, _consent_id = private_helper
    _remove_helper(app, helper_id)
    log_in_test_client(app, client, SARA)
    assert "et samtykke til deling" in client.get("/tilgangslogg").get_data(as_text=True)  # so the look below can fail
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    his = client.get("/tilgangslogg").get_data(as_text=True)
    # The helper's own removal is kept on the private goal (hidden); the consent's end is not.
    assert "hvem som hjelper" not in his
    assert "et samtykke til deling" not in his
