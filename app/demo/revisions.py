"""Kari's plan revised once with her coordinator, Line Haugland, through the same use case the
coordinator's page calls: what went well, what changes, the plan as it stood kept as version 1.
Loading twice adds nothing (a plan with a revision is left as it is)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.staff import demo_issuer, demo_subject
from app.domain import clock
from app.domain.staff_access import StaffForPerson
from app.models import Person, Plan, PlanRevision, StaffMember
from app.services import revisions
from app.services import staff as staff_service

KARI = "12838502510"
COORDINATOR = "line.haugland"
WENT_WELL = "Kari går tur med hunden nesten hver dag. Hjemmetjenesten kommer til faste tider."
CHANGES = "Kari vil prøve å jobbe litt igjen. Vi spør NAV om arbeidstrening før jul."


def revise_karis_plan(session: Session) -> int:
    plan = session.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == KARI))
    if plan is None or plan.coordinator_id is None:
        return 0
    if session.scalar(select(PlanRevision.id).where(PlanRevision.plan_id == plan.id).limit(1)) is not None:
        return 0
    member_id = session.scalar(
        select(StaffMember.id).where(
            StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject(COORDINATOR)
        )
    )
    if member_id is None or member_id != plan.coordinator_id:
        return 0
    staff = staff_service.actor_for(session, member_id)
    owner = session.get(Person, plan.owner_id)
    next_revision = clock.today() + timedelta(days=182)
    revisions.revise(session, StaffForPerson(staff, owner), plan, plan.version, WENT_WELL, CHANGES, next_revision)
    return 1
