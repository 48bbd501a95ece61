"""The conversation as the municipality's side reads it. The plan's appointed coordinator opens it;
so does a KE officer of the person's municipality while the person has an open case on that
desk (the person writes to the KE when the plan has no coordinator yet). Anyone else gets 404, as
for another municipality's plan: another plan's coordinator, a KE officer with no open case
(or once it is decided), another municipality's. Every look is in the person's access log, and
each side keeps its own read marker, so the KE reading moves neither the coordinator's unread
count nor the "Lest" the person sees for the coordinator, and the other way round."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess, Role, StaffActor
from app.models import Case, Plan
from app.services import audit, staff_plans
from app.services.messages import (
    COORDINATOR,
    KE,
    READER_OF_SIDE,
    Conversation,
    mark_read,
    messages_of,
    open_case_for,
    reader_key,
    seen_up_to,
)
from app.services.transaction import use_case


class _Municipality:
    # She keeps messages from her parents, not from her coordinator nor the KE handling her case.
    hides_private_items = False


@dataclass(frozen=True)
class StaffSide:
    """A plan's conversation as one staff member may open it: as its coordinator, or as the KE
    with the open case that lets them in."""

    plan: Plan
    side: str  # messages.COORDINATOR or messages.KE
    case: Case | None = None

    @property
    def role(self) -> Role:
        return Role.COORDINATOR if self.side == COORDINATOR else Role.KE_OFFICER


def conversation_access(session: Session, staff: StaffActor, plan_id: int) -> StaffSide | None:
    """On which side the staff member opens the plan's conversation, or None (the view's 404)."""
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    if found is None:
        return None
    plan, access = found
    if access == PlanAccess.COORDINATOR:
        return StaffSide(plan, COORDINATOR)
    municipality_id = plan.owner.municipality_id
    if not (staff.can(Capability.CASE_HANDLE) and staff.handles_cases_in(municipality_id)):
        return None
    case = open_case_for(session, plan)
    return StaffSide(plan, KE, case) if case is not None else None


def conversation_plan_for_case(session: Session, staff: StaffActor, case: Case) -> int | None:
    """The plan whose conversation the case's page links to: the person's, while the case is open
    and the KE may open it; None otherwise. Records nothing."""
    plan = case.person.plan
    if plan is None:
        return None
    access = conversation_access(session, staff, plan.id)
    return plan.id if access is not None and access.side == KE else None


@use_case
def conversation_for_staff(session: Session, staff: StaffActor, access: StaffSide) -> Conversation:
    """The whole conversation, after the look is in the person's access log: each message from the
    person's side read for the first time on this side gets its own line ("leste meldingen din"),
    so a private one stays as hidden from her parents as the message; a look with nothing new, one
    line. The KE's lines name the case that let them in."""
    plan, key = access.plan, READER_OF_SIDE[access.side]
    before = seen_up_to(session, plan.id, key)
    messages = messages_of(session, plan.id, _Municipality())
    newly_read = [m for m in messages if m.id > before and m.staff_member_id is None and m.withdrawn_at is None]
    municipality = plan.owner.municipality
    details = {"case": access.case.id} if access.case is not None else None
    role = access.role
    for message in newly_read:
        audit.by_staff(
            session, staff, plan.owner_id, municipality, "message.read", "message", message.id, details, role=role
        )
    if not newly_read:
        audit.by_staff(
            session, staff, plan.owner_id, municipality, "messages.read", "plan", plan.id, details, role=role
        )
    session.commit()
    if messages and messages[-1].id > before:
        mark_read(session, plan.id, key, messages[-1].id, staff.member.id)
    seen_by_person = seen_up_to(session, plan.id, reader_key(plan.owner_id))
    open_case = access.case or open_case_for(session, plan)  # the coordinator is told the KE reads too
    return Conversation(plan, messages, seen_by_person, before, open_case, access.side)
