"""The plans a staff member may open, and every opening written to the person's access log.

Access by need (app.domain.staff_access): the appointed coordinator opens the plan; a KE officer
of the person's municipality opens it only after stating a reason, which the person reads in
their access log; nobody else learns that the plan exists (the view answers 404).

A coordinator sees what the plan holds, private goals too: a child of 12–15 keeps goals from her
parents, not from her coordinator, who works on them with her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.staff_access import PlanAccess, Role, StaffActor
from app.models import Goal, Measure, Meeting, Person, Plan
from app.services import audit
from app.services.transaction import use_case

REASON_MIN, REASON_MAX = 10, 500


@dataclass(frozen=True)
class CaseloadRow:
    plan_id: int
    person_name: str | None
    next_revision: date | None


def caseload(session: Session, staff: StaffActor) -> list[CaseloadRow]:
    """The plans the staff member is appointed to, of people in the municipalities where they are
    coordinator today: a coordinator whose role there ended sees none of them any more."""
    municipalities = staff.municipalities(Role.COORDINATOR)
    if not municipalities:
        return []
    rows = session.execute(
        select(Plan.id, Person.name, Plan.next_revision)
        .join(Person, Plan.owner_id == Person.id)
        .where(Plan.coordinator_id == staff.member.id, Person.municipality_id.in_(municipalities))
        .order_by(Plan.next_revision.is_(None), Plan.next_revision, Person.name, Plan.id)
    )
    return [CaseloadRow(plan_id, name, next_revision) for plan_id, name, next_revision in rows]


def plan_for_staff(session: Session, staff: StaffActor, plan_id: int) -> tuple[Plan, PlanAccess] | None:
    """The plan and on what ground the staff member may open it, or None: another municipality's,
    a plan someone else coordinates, no such plan. Records nothing: `content_for_staff` does, once
    the page is shown. A role held in the person's municipality today is needed either way, so an
    appointment outlives no ended role."""
    plan = session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.goals).selectinload(Goal.evaluations),
            selectinload(Plan.participants),
        )
    )
    if plan is None:
        return None
    municipality_id = plan.owner.municipality_id
    if staff.role_in(municipality_id) is None:
        return None
    access = staff.plan_access(plan.coordinator_id, municipality_id)
    return None if access is None else (plan, access)


def needs_reason(access: PlanAccess, reason: str | None) -> bool:
    """Whether the page must ask for a reason before it shows the plan."""
    return access == PlanAccess.REASON_GIVEN and not reason


@use_case
def content_for_staff(session: Session, staff: StaffActor, plan: Plan, access: PlanAccess, reason: str | None) -> dict:
    """What the staff page shows besides the goals and participants the plan loaded with (its
    measures and meetings), after the opening is in the person's access log: committed before
    anything of the plan is shown (as a citizen's read is: app.services.reads), as coordinator or
    with the reason given."""
    with_reason = access == PlanAccess.REASON_GIVEN
    audit.by_staff(
        session,
        staff,
        subject_id=plan.owner_id,
        municipality=plan.owner.municipality,
        action="plan.read_with_reason" if with_reason else "plan.read",
        object_type="plan",
        object_id=plan.id,
        details={"reason": reason} if with_reason else None,
    )
    session.commit()
    measures = session.scalars(select(Measure).where(Measure.plan_id == plan.id).order_by(Measure.position))
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.plan_id == plan.id)
        .options(selectinload(Meeting.topics))
        .order_by(Meeting.starts_at)
    )
    return {"measures": list(measures), "meetings": list(meetings)}
