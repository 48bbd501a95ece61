"""Shared steps for the message tests: whose plan, a coordinator for Sara, posting as a page would."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import AuditEvent, Municipality, Person, Plan, StaffRole
from app.models.message import Message
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
