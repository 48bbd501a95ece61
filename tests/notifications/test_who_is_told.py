"""For each kind of event: who gets a notice, on which channel, in which language and mode, and who
gets none — reserved in the contact register, a parent for a 12–15-year-old's private matter,
someone who turned the topic off, whoever caused the change."""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.events import EventName
from app.domain.notice_topics import Reminder
from app.models import NoticeDelivery, NoticePreference, OutboxEvent, Person
from app.notifications import outbox as outbox_module
from app.notifications.dispatch import dispatch
from app.services import plan_changes
from tests.notifications.conftest import coordinator_for, in_app, plan_of, soon
from tests.people import EMMA, KARI, OLA, RANDI, SARA


def _record(app, pid: str, name: EventName, details: dict | None = None, private_goal: bool = False) -> int:
    """A change recorded as the coordinator's services record it, committed: the outbox row's id."""

    def act(session):
        plan = plan_of(session, pid)
        goal_id = None
        if private_goal:
            goal_id = next(g.id for g in plan.goals if g.private_from_parents)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, name, goal_id, details or {})
        session.commit()
        return session.scalar(select(func.max(OutboxEvent.id)))

    return in_app(app, act)


def _told(app, outbox_id: int) -> dict[str, list[tuple[str, str, bool, bool]]]:
    """{name: [(channel, status, easy_read, for_someone), …]} after dispatching the row."""

    def run(session):
        dispatch(session, outbox_id)
        rows = session.execute(
            select(Person.name, NoticeDelivery)
            .join(Person, Person.id == NoticeDelivery.person_id)
            .where(NoticeDelivery.outbox_id == outbox_id)
        ).all()
        told: dict[str, list] = {}
        for name, d in rows:
            told.setdefault(name, []).append((d.channel, d.status, d.locale, d.easy_read, d.for_someone))
        return {name: sorted(v) for name, v in told.items()}

    return in_app(app, run)


def test_a_rolled_back_change_writes_no_outbox_row_and_asks_the_queue_for_nothing(notice_app, monkeypatch):
    asked: list[list[int]] = []
    monkeypatch.setattr(outbox_module, "on_commit", asked.append)

    def act(session):
        before = session.scalar(select(func.count(OutboxEvent.id)))
        plan = plan_of(session, KARI)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, EventName.MEETING_CALLED, None, {})
        session.flush()
        session.rollback()
        return before, session.scalar(select(func.count(OutboxEvent.id)))

    before, after = in_app(notice_app, act)
    assert after == before
    assert asked == []


def test_a_committed_change_is_in_the_outbox_and_handed_to_the_queue(notice_app, monkeypatch):
    asked: list[list[int]] = []
    monkeypatch.setattr(outbox_module, "on_commit", asked.append)
    outbox_id = _record(notice_app, KARI, EventName.MEETING_CALLED)
    assert asked == [[outbox_id]]
    row = in_app(notice_app, lambda s: s.get(OutboxEvent, outbox_id))
    assert (row.name, row.source, row.dispatched_at) == ("meeting.called", "plan_change", None)


def test_a_change_without_a_topic_sends_nothing(notice_app, monkeypatch):
    monkeypatch.setattr(outbox_module, "on_commit", lambda ids: None)

    def act(session):
        before = session.scalar(select(func.count(OutboxEvent.id)))
        plan = plan_of(session, KARI)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, EventName.MEASURE_ADDED, None, {})
        session.commit()
        return session.scalar(select(func.count(OutboxEvent.id))) - before

    assert in_app(notice_app, act) == 0


def test_kari_is_told_by_email_and_sms_and_her_read_only_fullmakt_holder_cannot_be_reached(notice_app):
    told = _told(notice_app, _record(notice_app, KARI, EventName.VISIT_CANCELLED, {"when": soon()}))
    assert told["Kari Nordmann"] == [("email", "queued", "nb", False, False), ("sms", "queued", "nb", False, False)]
    # Nils holds a fullmakt to read Kari's plan, and has registered no contact details.
    assert told["Nils Lund"] == [("none", "unreachable", "nb", False, True)]


def test_ola_is_told_in_nynorsk_easy_read_and_his_verge_as_someone_who_acts_for_him(notice_app):
    told = _told(notice_app, _record(notice_app, OLA, EventName.MINUTES_WRITTEN))
    assert told["Ola Berg"] == [("email", "queued", "nn", True, False), ("sms", "queued", "nn", True, False)]
    assert {c for c, *_ in told["Randi Berg"]} == {"email", "sms"}
    assert all(for_someone for *_, for_someone in told["Randi Berg"])


def test_sara_s_father_hears_nothing_of_what_concerns_her_private_goal(notice_app):
    private = _told(notice_app, _record(notice_app, SARA, EventName.GOAL_AGREED, private_goal=True))
    assert "Sara Lund" in private and "Nils Lund" not in private
    minutes_for_her = _told(notice_app, _record(notice_app, SARA, EventName.MINUTES_WRITTEN, {"private": True}))
    assert "Nils Lund" not in minutes_for_her
    shared = _told(notice_app, _record(notice_app, SARA, EventName.MEETING_CALLED))
    assert "Nils Lund" in shared  # her father hears of what is not kept from him


def test_a_visit_changed_weeks_ahead_is_not_worth_an_sms(notice_app):
    assert (
        _told(notice_app, _record(notice_app, KARI, EventName.VISIT_MOVED, {"when": "2027-06-01T10:00:00+02:00"})) == {}
    )


def test_a_person_who_turned_a_topic_off_or_a_channel_off_is_not_told_by_it(notice_app):
    def prefer(session):
        randi = session.scalar(select(Person).where(Person.pid == RANDI))
        ola = session.scalar(select(Person).where(Person.pid == OLA))
        session.add(NoticePreference(person_id=randi.id, muted=["meetings"]))
        session.add(NoticePreference(person_id=ola.id, sms=False))
        session.commit()

    in_app(notice_app, prefer)
    told = _told(notice_app, _record(notice_app, OLA, EventName.MEETING_CALLED))
    assert "Randi Berg" not in told
    assert [c for c, *_ in told["Ola Berg"]] == ["email"]


def test_dispatching_twice_adds_nothing(notice_app):
    outbox_id = _record(notice_app, KARI, EventName.MEETING_MOVED)
    _told(notice_app, outbox_id)
    again = in_app(notice_app, lambda s: dispatch(s, outbox_id))
    assert again == []
    count = in_app(
        notice_app,
        lambda s: s.scalar(select(func.count(NoticeDelivery.id)).where(NoticeDelivery.outbox_id == outbox_id)),
    )
    assert count == 3  # Kari by e-mail and SMS, Nils unreachable


def test_who_caused_the_change_is_not_told(notice_app):
    def act(session):
        ola = session.scalar(select(Person).where(Person.pid == OLA))
        randi = session.scalar(select(Person).where(Person.pid == RANDI))
        plan = plan_of(session, OLA)

        class RandiForOla:  # as app.domain.actor.Actor records it
            person, subject, basis = randi, ola, "guardian"

        plan_changes.record(session, RandiForOla(), plan.id, EventName.TOPIC_ANSWERED, None, {})
        session.commit()
        return session.scalar(select(func.max(OutboxEvent.id)))

    told = _told(notice_app, in_app(notice_app, act))
    assert "Randi Berg" not in told and "Ola Berg" in told


def test_a_parent_reserved_in_the_register_gets_no_email_or_sms_and_the_reason_is_kept(notice_app):
    def act(session):
        emma = session.scalar(select(Person).where(Person.pid == EMMA))
        outbox_module.reminder(session, Reminder.TURNS_12, emma.id, f"turns_12:{emma.id}:test")
        session.commit()
        return session.scalar(select(OutboxEvent.id).where(OutboxEvent.key == f"turns_12:{emma.id}:test"))

    outbox_id = in_app(notice_app, act)

    def deliveries(session):
        dispatch(session, outbox_id)
        return session.execute(
            select(Person.name, NoticeDelivery.channel, NoticeDelivery.status, NoticeDelivery.last_error)
            .join(Person, Person.id == NoticeDelivery.person_id)
            .where(NoticeDelivery.outbox_id == outbox_id)
        ).all()

    rows = in_app(notice_app, deliveries)
    # Per Hansen, Emma's father, has reserved himself against digital contact.
    assert ("Per Hansen", "none", "unreachable", "reserved") in rows
    assert not [r for r in rows if r[0] == "Per Hansen" and r[1] in ("email", "sms")]


def test_a_reminder_is_written_once_however_often_the_daily_job_runs(notice_app):
    def twice(session):
        emma = session.scalar(select(Person).where(Person.pid == EMMA))
        for _ in range(2):
            outbox_module.reminder(session, Reminder.TURNS_12, emma.id, f"turns_12:{emma.id}:once")
            session.commit()
        return session.scalar(select(func.count(OutboxEvent.id)).where(OutboxEvent.key == f"turns_12:{emma.id}:once"))

    assert in_app(notice_app, twice) == 1
