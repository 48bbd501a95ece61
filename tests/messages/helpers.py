"""Shared steps for the message tests: whose plan, a coordinator for Sara, posting as a page would,
an open case at the koordinerende enhet and an officer to handle it."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.domain import Actor
from app.domain.cases import ComplaintReason, Kind
from app.models import AuditEvent, Case, Municipality, Person, Plan, StaffRole
from app.models.message import Message
from app.services import case_handling
from app.services import staff as staff_service
from app.services.case_intake import open_case
from tests.staff.sessions import ASKOY_OTHER_COORDINATOR, staff_member_id


def plan_id(app, pid: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": client.csrf_token(path), **data})


def messages_of(app, pid: str) -> list[Message]:
    with app.app_context():
        s = db.db_session()
        found = list(s.scalars(select(Message).where(Message.plan_id == plan_id(app, pid)).order_by(Message.id)))
        for message in found:
            s.expunge(message)
        return found


def audit_actions(app, pid: str) -> list[tuple[str, str | None]]:
    with app.app_context():
        s = db.db_session()
        subject = s.scalar(select(Person.id).where(Person.pid == pid))
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.object_id)
            .where(AuditEvent.subject_id == subject)
            .order_by(AuditEvent.id)
        )
        return [(action, object_id) for action, object_id in rows]


def appoint_for_sara(app, pid: str) -> str:
    """Sara's municipality has no coordinator in the demo: Mona Fjeld is made one there and appointed."""
    member = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
    with app.app_context():
        s = db.db_session()
        person = s.scalar(select(Person).where(Person.pid == pid))
        s.add(StaffRole(staff_member_id=member, municipality_id=person.municipality_id, role="coordinator"))
        s.get(Plan, plan_id(app, pid)).coordinator_id = member
        assert s.get(Municipality, person.municipality_id) is not None
        s.commit()
    return ASKOY_OTHER_COORDINATOR


def open_complaint(app, pid: str) -> int:
    """The person complains that nothing happens in their plan: an open case on their municipality's desk."""
    with app.app_context():
        s = db.db_session()
        person = s.scalar(select(Person).where(Person.pid == pid))
        case = open_case(
            s,
            Actor(person),
            Kind.COMPLAINT,
            complaint_reason=str(ComplaintReason.NOTHING_HAPPENS),
            complaint_text="Det skjer ingenting i planen min.",
        )
        s.commit()
        return case.id


def officer_handles(app, username: str, case_id: int, *steps: str) -> None:
    """The KE officer takes the case (`take`), or decides it (`decide`: a complaint agreed with)."""
    with app.app_context():
        s = db.db_session()
        officer = staff_service.actor_for(s, staff_member_id(app, username))
        for step in steps:
            version = s.get(Case, case_id).version
            if step == "take":
                case_handling.take(s, officer, case_id, version)
            elif step == "decide":
                case_handling.decide(s, officer, case_id, version, "changed", "Vi setter opp et møte i planen.")


def make_ke_officer(app, username: str, pid: str) -> int:
    """`username` becomes a KE officer in the municipality where the person `pid` lives."""
    member = staff_member_id(app, username)
    with app.app_context():
        s = db.db_session()
        person = s.scalar(select(Person).where(Person.pid == pid))
        s.add(StaffRole(staff_member_id=member, municipality_id=person.municipality_id, role="ke_officer"))
        s.commit()
    return member
