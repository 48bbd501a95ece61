"""Who hears of a case moving on and of a message: a new request goes to the municipality's KE
officers by e-mail (the person sent it), an interim answer to the person; a message from the
person to their coordinator, the coordinator's reply to the person's side, never to a parent when
the 12–15-year-old keeps it from them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.domain import Actor, clock
from app.models import Case, NoticeDelivery, OutboxEvent, Person, StaffMember
from app.notifications.dispatch import dispatch
from app.services import case_handling, messages
from app.services import staff as staff_service
from tests.notifications.conftest import coordinator_for, in_app, plan_of
from tests.people import KARI, SARA
from tests.staff.cases import send_case
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, staff_member_id


def _latest_outbox(session, source: str) -> OutboxEvent:
    return session.scalar(
        select(OutboxEvent).where(OutboxEvent.source == source).order_by(OutboxEvent.id.desc()).limit(1)
    )


def _told(session, outbox_id: int) -> set[tuple[str, str, str]]:
    """{(recipient's name, channel, status)} after dispatching."""
    dispatch(session, outbox_id)
    rows = session.scalars(select(NoticeDelivery).where(NoticeDelivery.outbox_id == outbox_id))
    told = set()
    for d in rows:
        if d.staff_member_id is not None:
            name = session.get(StaffMember, d.staff_member_id).name
        else:
            name = session.get(Person, d.person_id).name
        told.add((name, d.channel, d.status))
    return told


def test_a_new_request_goes_to_the_ke_officers_and_an_interim_answer_to_the_person(notice_app):
    case_id = send_case(notice_app)

    def received(session):
        outbox = _latest_outbox(session, "case_event")
        assert outbox.name == "case.received"
        return _told(session, outbox.id)

    told = in_app(notice_app, received)
    assert ("Hilde Brekke", "email", "queued") in told
    assert not [t for t in told if t[0].startswith("Testperson")]  # they sent it themselves

    def interim(session):
        staff = staff_service.actor_for(session, staff_member_id(notice_app, ASKOY_OFFICER))
        version = session.get(Case, case_id).version
        case_handling.send_interim_answer(
            session, staff, case_id, version, "Vi trenger litt mer tid.", clock.today() + timedelta(days=20)
        )
        outbox = _latest_outbox(session, "case_event")
        assert outbox.name == "case.interim_answer"
        return _told(session, outbox.id)

    told = in_app(notice_app, interim)
    # The synthetic person is not in the contact register: told, but unreachable, and the
    # officer who answered is not told of their own answer.
    assert {(name, channel) for name, channel, _ in told} == {(next(iter(told))[0], "none")}
    assert next(iter(told))[2] == "unreachable"


def test_a_message_reaches_the_coordinator_and_the_reply_the_person_s_side(notice_app):
    def send_and_reply(session):
        plan = plan_of(session, KARI)
        kari = session.get(Person, plan.owner_id)
        sent = messages.send(session, Actor(kari), plan, "Kan vi flytte møtet?")
        to_coordinator = _told(session, _latest_outbox(session, "message").id)
        messages.reply(session, coordinator_for(session, plan), plan, "Ja, jeg ringer deg.", sent.id)
        to_person = _told(session, _latest_outbox(session, "message").id)
        return to_coordinator, to_person

    to_coordinator, to_person = in_app(notice_app, send_and_reply)
    assert to_coordinator == {("Line Haugland", "email", "queued")}
    assert ("Kari Nordmann", "email", "queued") in to_person and ("Kari Nordmann", "sms", "queued") in to_person
    assert ("Nils Lund", "none", "unreachable") in to_person  # her read-only fullmakt: told, no details
    assert not [t for t in to_person if t[0] == "Line Haugland"]


def test_a_12_to_15_year_old_s_private_message_and_its_reply_are_never_told_to_her_parents(notice_app):
    def private_thread(session):
        plan = plan_of(session, SARA)
        plan.coordinator_id = staff_member_id(notice_app, ASKOY_COORDINATOR)
        session.commit()
        sara = session.get(Person, plan.owner_id)
        sent = messages.send(session, Actor(sara), plan, "Bare til deg.", private=True)
        assert sent.private_from_parents
        messages.reply(session, coordinator_for(session, plan), plan, "Jeg hører deg.", sent.id)
        return _told(session, _latest_outbox(session, "message").id)

    told = in_app(notice_app, private_thread)
    assert "Nils Lund" not in {name for name, _, _ in told}
    assert "Sara Lund" in {name for name, _, _ in told}
