"""What a municipal system may write of a plan itself through the FHIR API (CarePlan): create the
plan of one of its municipality's people, with the coordinator the koordinerende enhet appointed,
and set its period and next revision, through the use cases of app/services/planning.py with the
system as their actor. Someone else's person or plan is answered as if it did not exist (None)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.api_consumer import MunicipalSystem
from app.domain.staff_access import Role
from app.models import Person, Plan, StaffMember, StaffRole
from app.services import planning
from app.services.api_reads import _refused, municipality_of
from app.services.api_writes import actor_for


def person_named(session: Session, system: MunicipalSystem, patient_id: int | None, pid: str | None) -> Person | None:
    """The person a plan's subject names (by Patient id, identity number or both, which must agree)."""
    municipality = municipality_of(session, system)
    if municipality is None or (patient_id is None and pid is None):
        return None
    query = select(Person)
    if patient_id is not None:
        query = query.where(Person.id == patient_id)
    if pid is not None:
        query = query.where(Person.pid == pid)
    person = session.scalar(query)
    if person is None:
        return None
    if person.municipality_id != municipality.id:
        _refused(system, "Patient")
        return None
    return person


def plan_of(session: Session, person: Person) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.owner_id == person.id))


def coordinator(session: Session, system: MunicipalSystem, email: str) -> StaffMember | None:
    """The staff member with this work e-mail who is a coordinator in the system's municipality today."""
    municipality = municipality_of(session, system)
    return session.scalars(
        select(StaffMember)
        .join(StaffRole, StaffRole.staff_member_id == StaffMember.id)
        .where(
            StaffMember.email == email,
            StaffRole.municipality_id == municipality.id,
            StaffRole.role == str(Role.COORDINATOR),
            StaffRole.revoked_at.is_(None),
        )
    ).first()


def create_plan(
    session: Session,
    system: MunicipalSystem,
    owner: Person,
    appointed: StaffMember,
    period: tuple[date | None, date | None, date | None],
) -> Plan:
    """The person's plan, not in force until she consents; planning.PlanExists if she has one."""
    start, end, revision = period
    details = planning.PlanDetails(
        coordinator_name=appointed.name,
        coordinator_id=appointed.id,
        period_start=start,
        period_end=end,
        next_revision=revision,
    )
    try:
        return planning.create_plan(session, actor_for(session, system, owner), details)
    except IntegrityError:  # another request made hers between the look and the insert
        session.rollback()
        raise planning.PlanExists() from None


def set_period(session: Session, system: MunicipalSystem, plan: Plan, version: int, start, end, revision) -> Plan:
    """planning.Stale (nothing changed) when `version` is not the plan's own."""
    actor = actor_for(session, system, plan.owner)
    return planning.set_period(session, actor, plan, version, start, end, revision)
