"""The conversation as the coordinator's side reads it: the plan's appointed coordinator opens it
(a KE officer does not answer for the coordinator: 404, as another municipality's plan), every
look is in the person's access log, and the caseload counts what the person's side sent that the
coordinator's side has not read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain.staff_access import PlanAccess, StaffActor
from app.models import Plan
from app.services import audit, staff_plans
from app.services.messages import STAFF_READER, Conversation, mark_read, messages_of, reader_key, seen_up_to
from app.services.transaction import use_case


class _Coordinator:
    hides_private_items = False  # she keeps messages from her parents, not from her coordinator


def plan_for_coordinator(session: Session, staff: StaffActor, plan_id: int) -> Plan | None:
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    if found is None or found[1] != PlanAccess.COORDINATOR:
        return None
    return found[0]


@use_case
def conversation_for_staff(session: Session, staff: StaffActor, plan: Plan) -> Conversation:
    """The whole conversation, after the look is in the person's access log: each message from the
    person's side read for the first time gets its own line ("leste meldingen din"), so a private
    one stays as hidden from her parents as the message; a look with nothing new, one line."""
    before = seen_up_to(session, plan.id, STAFF_READER)
    messages = messages_of(session, plan.id, _Coordinator())
    newly_read = [m for m in messages if m.id > before and m.staff_member_id is None and m.withdrawn_at is None]
    municipality = plan.owner.municipality
    for message in newly_read:
        audit.by_staff(session, staff, plan.owner_id, municipality, "message.read", "message", message.id)
    if not newly_read:
        audit.by_staff(session, staff, plan.owner_id, municipality, "messages.read", "plan", plan.id)
    session.commit()
    if messages and messages[-1].id > before:
        mark_read(session, plan.id, STAFF_READER, messages[-1].id, staff.member.id)
    return Conversation(plan, messages, seen_up_to(session, plan.id, reader_key(plan.owner_id)), before)
