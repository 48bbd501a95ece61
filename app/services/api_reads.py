"""What a municipality's own system may read through the FHIR API, and the record of its reading.

A system sees its own municipality's people only: someone else's person, plan or goal is
answered as if it did not exist (None), and logged. Everything it is shown is written to the
person's access log (basis `system:api`, the organisation number and municipality in the
details), committed before the answer leaves, as every other read of someone's data is.

Goals a 12–15-year-old keeps from her parents are shown: the municipality's system is the
coordinator's side, who sees them in Min plan too; the resource marks them so the receiving
system can keep them from the parents as Min plan does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.domain.api_consumer import MunicipalSystem
from app.models import Goal, Measure, Municipality, Person, Plan, PlanChange
from app.services import audit, source_identifiers

log = logging.getLogger("minplan.api")

PATIENT_READ = "api.patient_read"
PLAN_READ = "api.plan_read"
GOAL_READ = "api.goal_read"


@dataclass(frozen=True)
class PlanRead:
    plan: Plan
    last_updated: datetime
    last_change_id: int
    # What the CarePlan references, in the plan's order: ids only, as a plan of 100 goals and 50
    # measures would otherwise load every row (and every measure's times) to name them.
    goal_ids: list[int]
    measure_ids: list[int]

    @property
    def version(self) -> str:
        """Changes with the plan's own parts (its version) and with any change in its history."""
        return f"{self.plan.version}.{self.last_change_id}"


@dataclass(frozen=True)
class GoalRead:
    goal: Goal
    last_updated: datetime
    identifiers: tuple = ()  # the creating system's own (system, value), app/services/source_identifiers.py


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    next_after: int | None  # the id to continue after, when there is more


@dataclass(frozen=True)
class Filters:
    """A search: whose (a person's id), changed when (`(operator, datetime)` pairs), and the page."""

    person_id: int | None = None
    updated: tuple[tuple[str, datetime], ...] = ()
    count: int = 20
    after: int = 0


def municipality_of(session: Session, system: MunicipalSystem) -> Municipality | None:
    return session.scalar(select(Municipality).where(Municipality.slug == system.municipality_slug))


def _refused(system: MunicipalSystem, object_type: str) -> None:
    log.warning(
        "api object refused",
        extra={"event": "api.object_refused", "orgno": system.orgno, "object_type": object_type},
    )


def _record(session: Session, system: MunicipalSystem, municipality: Municipality, reads: list[tuple]) -> None:
    """One access-log row per person and kind of read, committed before anything is shown."""
    details = {"orgno": system.orgno, "municipality": municipality.name, "client_id": system.client_id}
    rows: dict[tuple, dict] = {}
    for subject_id, action, object_type, object_id in reads:
        rows.setdefault(
            (subject_id, action),
            {
                "actor_id": subject_id,
                "subject_id": subject_id,
                "basis": system.basis,
                "action": action,
                "object_type": object_type,
                "object_id": str(object_id),
                "details": details,
            },
        )
    audit.record_many(session, list(rows.values()))
    session.commit()


def person_by_identity_number(session: Session, system: MunicipalSystem, pid: str) -> Person | None:
    municipality = municipality_of(session, system)
    person = session.scalar(select(Person).where(Person.pid == pid))
    if municipality is None or person is None:
        return None
    if person.municipality_id != municipality.id:
        _refused(system, "Patient")
        return None
    return person


def patients(session: Session, system: MunicipalSystem, pid: str) -> list[Person]:
    """The person with this identity number, if the system's municipality is theirs."""
    person = person_by_identity_number(session, system, pid)
    if person is None:
        return []
    _record(session, system, person.municipality, [(person.id, PATIENT_READ, "person", person.id)])
    return [person]


def patient(session: Session, system: MunicipalSystem, person_id: int) -> Person | None:
    municipality = municipality_of(session, system)
    person = session.get(Person, person_id)
    if municipality is None or person is None:
        return None
    if person.municipality_id != municipality.id:
        _refused(system, "Patient")
        return None
    _record(session, system, municipality, [(person.id, PATIENT_READ, "person", person.id)])
    return person


def _plan_changes():
    return (
        select(
            PlanChange.plan_id,
            func.max(PlanChange.occurred_at).label("at"),
            func.max(PlanChange.id).label("last_id"),
        )
        .group_by(PlanChange.plan_id)
        .subquery()
    )


def _updated_where(column: ColumnElement, updated) -> list[ColumnElement[bool]]:
    compare = {"gt": column.__gt__, "ge": column.__ge__, "lt": column.__lt__, "le": column.__le__, "eq": column.__eq__}
    return [compare[operator](moment) for operator, moment in updated]


def _plans_query(municipality: Municipality) -> tuple[Select, ColumnElement]:
    changes = _plan_changes()
    last_updated = func.coalesce(changes.c.at, Person.created_at)
    query = (
        select(Plan, last_updated.label("last_updated"), func.coalesce(changes.c.last_id, 0).label("last_id"))
        .join(Plan.owner)
        .outerjoin(changes, changes.c.plan_id == Plan.id)
        .where(Person.municipality_id == municipality.id)
        .options(contains_eager(Plan.owner))
    )
    return query, last_updated


def _with_parts(session: Session, rows) -> list[PlanRead]:
    plan_ids = [plan.id for plan, _, _ in rows]
    goals: dict[int, list[int]] = {plan_id: [] for plan_id in plan_ids}
    measures: dict[int, list[int]] = {plan_id: [] for plan_id in plan_ids}
    if plan_ids:
        for plan_id, goal_id in session.execute(
            select(Goal.plan_id, Goal.id).where(Goal.plan_id.in_(plan_ids)).order_by(Goal.plan_id, Goal.position)
        ):
            goals[plan_id].append(goal_id)
        for plan_id, measure_id in session.execute(
            select(Measure.plan_id, Measure.id)
            .where(Measure.plan_id.in_(plan_ids))
            .order_by(Measure.plan_id, Measure.position, Measure.id)
        ):
            measures[plan_id].append(measure_id)
    return [PlanRead(plan, at, last_id, goals[plan.id], measures[plan.id]) for plan, at, last_id in rows]


def care_plan(session: Session, system: MunicipalSystem, plan_id: int) -> PlanRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    query, _ = _plans_query(municipality)
    row = session.execute(query.where(Plan.id == plan_id)).unique().first()
    if row is None:
        if session.get(Plan, plan_id) is not None:
            _refused(system, "CarePlan")
        return None
    (read,) = _with_parts(session, [row])
    _record(session, system, municipality, [(read.plan.owner_id, PLAN_READ, "plan", read.plan.id)])
    return read


def care_plans(session: Session, system: MunicipalSystem, filters: Filters) -> Page:
    municipality = municipality_of(session, system)
    if municipality is None:
        return Page([], 0, None)
    query, last_updated = _plans_query(municipality)
    where = _updated_where(last_updated, filters.updated)
    if filters.person_id is not None:
        where.append(Plan.owner_id == filters.person_id)
    query = query.where(*where)
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Plan.id).subquery()))
    rows = (
        session.execute(query.where(Plan.id > filters.after).order_by(Plan.id).limit(filters.count + 1)).unique().all()
    )
    more = len(rows) > filters.count
    reads = _with_parts(session, rows[: filters.count])
    _record(session, system, municipality, [(r.plan.owner_id, PLAN_READ, "plan", r.plan.id) for r in reads])
    return Page(reads, total or 0, reads[-1].plan.id if more else None)


def _goals_query(municipality: Municipality) -> tuple[Select, ColumnElement]:
    changes = (
        select(PlanChange.goal_id, func.max(PlanChange.occurred_at).label("at"))
        .where(PlanChange.goal_id.is_not(None))
        .group_by(PlanChange.goal_id)
        .subquery()
    )
    last_updated = func.coalesce(changes.c.at, Goal.changed_at, Person.created_at)
    query = (
        select(Goal, last_updated.label("last_updated"))
        .join(Goal.plan)
        .join(Plan.owner)
        .outerjoin(changes, changes.c.goal_id == Goal.id)
        .where(Person.municipality_id == municipality.id)
        .options(contains_eager(Goal.plan).contains_eager(Plan.owner), selectinload(Goal.changed_by))
    )
    return query, last_updated


def _with_identifiers(session: Session, municipality: Municipality, found: list[GoalRead]) -> list[GoalRead]:
    held = source_identifiers.identifiers_of(session, municipality.id, "Goal", [read.goal.id for read in found])
    return [GoalRead(read.goal, read.last_updated, tuple(held[read.goal.id])) for read in found]


def goal(session: Session, system: MunicipalSystem, goal_id: int) -> GoalRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    query, _ = _goals_query(municipality)
    row = session.execute(query.where(Goal.id == goal_id)).first()
    if row is None:
        if session.get(Goal, goal_id) is not None:
            _refused(system, "Goal")
        return None
    found = _with_identifiers(session, municipality, [GoalRead(*row)])[0]
    _record(session, system, municipality, [(found.goal.plan.owner_id, GOAL_READ, "goal", found.goal.id)])
    return found


def goals(session: Session, system: MunicipalSystem, filters: Filters) -> Page:
    municipality = municipality_of(session, system)
    if municipality is None:
        return Page([], 0, None)
    query, last_updated = _goals_query(municipality)
    query = query.where(*_updated_where(last_updated, filters.updated))
    if filters.person_id is not None:
        query = query.where(Plan.owner_id == filters.person_id)
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Goal.id).subquery()))
    rows = session.execute(query.where(Goal.id > filters.after).order_by(Goal.id).limit(filters.count + 1)).all()
    more = len(rows) > filters.count
    found = _with_identifiers(session, municipality, [GoalRead(*row) for row in rows[: filters.count]])
    _record(session, system, municipality, [(g.goal.plan.owner_id, GOAL_READ, "goal", g.goal.id) for g in found])
    return Page(found, total or 0, found[-1].goal.id if more else None)
