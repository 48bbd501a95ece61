"""Who hears of a message while the person has an open case at the koordinerende enhet: the
person's side's message goes to the case's handler as well as the coordinator (to the KE's
officers while nobody has taken the case; to the KE alone when the plan has no coordinator); the
KE's answer reaches the person's side as the coordinator's does, never a parent when the
12–15-year-old keeps it from them."""

from __future__ import annotations

from sqlalchemy import select

from app.domain import Actor
from app.domain.cases import ComplaintReason, Kind
from app.domain.staff_access import StaffForPerson
from app.models import Case, NoticeDelivery, OutboxEvent, Person, StaffMember, StaffRole
from app.notifications.dispatch import dispatch
from app.services import case_handling, messages
from app.services import staff as staff_service
from app.services.case_intake import open_case
from tests.notifications.conftest import in_app, plan_of
from tests.people import KARI, SARA
from tests.staff.sessions import ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, staff_member_id

WORDS = "Det har ikke skjedd noe siden i vår."


def _complaint(session, plan) -> Case:
    case = open_case(
        session,
        Actor(session.get(Person, plan.owner_id)),
        Kind.COMPLAINT,
        complaint_reason=str(ComplaintReason.NOTHING_HAPPENS),
        complaint_text="Det skjer ingenting.",
    )
    session.commit()
    return case


def _told(session) -> dict[str, set[str]]:
    """{recipient's name: {channel}} of the newest message's notice, after dispatching it."""
    outbox = session.scalar(
        select(OutboxEvent).where(OutboxEvent.source == "message").order_by(OutboxEvent.id.desc()).limit(1)
    )
    dispatch(session, outbox.id)
    told: dict[str, set[str]] = {}
    for d in session.scalars(select(NoticeDelivery).where(NoticeDelivery.outbox_id == outbox.id)):
        who = session.get(StaffMember, d.staff_member_id) if d.staff_member_id else session.get(Person, d.person_id)
        told.setdefault(who.name, set()).add(d.channel)
    return told


def _officer(session, app, username: str, municipality_id: int) -> StaffMember:
    member = session.get(StaffMember, staff_member_id(app, username))
    if not session.scalar(
        select(StaffRole.id).where(
            StaffRole.staff_member_id == member.id,
            StaffRole.municipality_id == municipality_id,
            StaffRole.role == "ke_officer",
        )
    ):
        session.add(StaffRole(staff_member_id=member.id, municipality_id=municipality_id, role="ke_officer"))
        session.commit()
    return member


def test_the_persons_message_reaches_the_ke_officers_then_the_handler_beside_the_coordinator(notice_app):
    def run(session):
        plan = plan_of(session, KARI)
        municipality = session.get(Person, plan.owner_id).municipality_id
        _officer(session, notice_app, ASKOY_OTHER_COORDINATOR, municipality)  # Mona: a second KE officer
        kari = Actor(session.get(Person, plan.owner_id))
        messages.send(session, kari, plan, "Før saken.")
        before_case = _told(session)
        case = _complaint(session, plan)
        messages.send(session, kari, plan, WORDS)
        untaken = _told(session)
        hilde = staff_service.actor_for(session, staff_member_id(notice_app, ASKOY_OFFICER))
        case_handling.take(session, hilde, case.id, case.version)
        messages.send(session, kari, plan, "Og en ting til.")
        taken = _told(session)
        return before_case, untaken, taken

    before_case, untaken, taken = in_app(notice_app, run)
    assert before_case == {"Line Haugland": {"email"}}
    assert untaken == {"Line Haugland": {"email"}, "Hilde Brekke": {"email"}, "Mona Fjeld": {"email"}}
    assert taken == {"Line Haugland": {"email"}, "Hilde Brekke": {"email"}}  # the handler, not every officer


def test_without_a_coordinator_the_message_goes_to_the_ke_and_its_answer_to_the_person_not_her_father(notice_app):
    def run(session):
        plan = plan_of(session, SARA)
        sara = session.get(Person, plan.owner_id)
        hilde = _officer(session, notice_app, ASKOY_OFFICER, sara.municipality_id)
        case = _complaint(session, plan)
        sent = messages.send(session, Actor(sara), plan, WORDS, private=True)
        to_ke = _told(session)
        officer = staff_service.actor_for(session, hilde.id)
        case_handling.take(session, officer, case.id, case.version)
        answer = messages.reply(session, StaffForPerson(officer, sara), plan, "Vi hører deg.", sent.id, messages.KE)
        assert answer.private_from_parents and answer.sender_role == messages.KE
        to_person = _told(session)
        messages.reply(session, StaffForPerson(officer, sara), plan, "Møtet er tirsdag.", None, messages.KE)
        open_answer = _told(session)
        return to_ke, to_person, open_answer

    to_ke, to_person, open_answer = in_app(notice_app, run)
    assert to_ke == {"Hilde Brekke": {"email"}}
    assert "Sara Lund" in to_person and "Nils Lund" not in to_person and "Hilde Brekke" not in to_person
    assert "Sara Lund" in open_answer and "Nils Lund" in open_answer  # as the coordinator's would
