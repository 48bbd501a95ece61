"""What a municipality's own system may write through the FHIR API: a goal of a plan of its own
municipality's people, through the same use cases as the coordinator's plan editor
(app/services/planning.py), so the version check, the audit row, the plan's named event and the
person's notice are the same. Someone else's plan or goal is answered as if it did not exist
(None), and logged by organisation number, as the reads do (app/services/api_reads.py)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.api_consumer import MunicipalSystem, SystemForPerson
from app.models import Goal, Person, Plan
from app.services import planning
from app.services.api_reads import municipality_of

log = logging.getLogger("minplan.api")


def _refused(system: MunicipalSystem, object_type: str) -> None:
    log.warning(
        "api write refused",
        extra={"event": "api.object_refused", "orgno": system.orgno, "object_type": object_type},
    )


def goal_to_write(session: Session, system: MunicipalSystem, goal_id: int) -> Goal | None:
    municipality = municipality_of(session, system)
    goal = session.get(Goal, goal_id)
    if municipality is None or goal is None:
        return None
    if goal.plan.owner.municipality_id != municipality.id:
        _refused(system, "Goal")
        return None
    return goal


def plan_to_write(session: Session, system: MunicipalSystem, plan_id: int) -> Plan | None:
    municipality = municipality_of(session, system)
    plan = session.scalar(select(Plan).join(Plan.owner).where(Plan.id == plan_id))
    if municipality is None or plan is None:
        return None
    if plan.owner.municipality_id != municipality.id:
        _refused(system, "CarePlan")
        return None
    return plan


def actor_for(session: Session, system: MunicipalSystem, owner: Person) -> SystemForPerson:
    return SystemForPerson(system, owner, municipality_of(session, system).name)


def change_goal(session: Session, system: MunicipalSystem, goal: Goal, version: int, details: planning.GoalDetails):
    """The goal with new words; planning.Stale (nothing changed) when `version` is not the goal's."""
    return planning.change_goal(session, actor_for(session, system, goal.plan.owner), goal, version, details)


def add_goal(session: Session, system: MunicipalSystem, plan: Plan, details: planning.GoalDetails) -> Goal:
    return planning.add_goal(session, actor_for(session, system, plan.owner), plan, details)
