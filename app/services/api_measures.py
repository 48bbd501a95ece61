"""A plan's measures (tiltak) as the FHIR API reads and writes them (ServiceRequest, app/api/measures.py).

Reads are those of app/services/api_reads.py: the system's own municipality's people only, another's
answered as if it did not exist (and logged), every measure shown written to the person's access
log. Writes go through the coordinator's own use cases (app/services/planning.py) with the system
as their actor, so the version check, the audit row, the plan's event and the person's notice are
the same as for an edit in Min plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.domain.api_consumer import MunicipalSystem
from app.models import Goal, Measure, Municipality, Person, Plan
from app.services import planning, source_identifiers
from app.services.api_reads import Filters, Page, _record, _refused, _updated_where, municipality_of
from app.services.api_writes import actor_for
from app.services.schedule import recurrence_text

MEASURE_READ = "api.measure_read"


@dataclass(frozen=True)
class MeasureRead:
    measure: Measure
    owner: Person
    last_updated: datetime
    identifiers: tuple = ()  # the creating system's own (system, value)


def _query(municipality: Municipality) -> tuple[Select, object]:
    last_updated = func.coalesce(Measure.changed_at, Person.created_at)
    query = (
        select(Measure, Person, last_updated.label("last_updated"))
        .join(Plan, Plan.id == Measure.plan_id)
        .join(Person, Person.id == Plan.owner_id)
        .where(Person.municipality_id == municipality.id)
        .options(selectinload(Measure.schedule), selectinload(Measure.goal))
    )
    return query, last_updated


def _with_identifiers(session: Session, municipality: Municipality, found: list[MeasureRead]) -> list[MeasureRead]:
    ids = [read.measure.id for read in found]
    held = source_identifiers.identifiers_of(session, municipality.id, "ServiceRequest", ids)
    return [MeasureRead(r.measure, r.owner, r.last_updated, tuple(held[r.measure.id])) for r in found]


def _log(session: Session, system: MunicipalSystem, municipality: Municipality, found: Sequence[MeasureRead]):
    """The read in the person's log: a measure for a goal a 12–15-year-old keeps from her parents
    is recorded on that goal, so its row is kept from them too; one row per person and page, on
    a measure they may see when the page has one."""

    def row(read: MeasureRead) -> tuple:
        goal = read.measure.goal
        if goal is not None and goal.private_from_parents:
            return (read.owner.id, MEASURE_READ, "goal", goal.id)
        return (read.owner.id, MEASURE_READ, "measure", read.measure.id)

    rows = [row(read) for read in found]
    _record(session, system, municipality, sorted(rows, key=lambda found_row: found_row[2] == "goal"))


def measure(session: Session, system: MunicipalSystem, measure_id: int) -> MeasureRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    query, _ = _query(municipality)
    row = session.execute(query.where(Measure.id == measure_id)).first()
    if row is None:
        if session.get(Measure, measure_id) is not None:
            _refused(system, "ServiceRequest")
        return None
    (found,) = _with_identifiers(session, municipality, [MeasureRead(*row)])
    _log(session, system, municipality, [found])
    return found


def measures(session: Session, system: MunicipalSystem, filters: Filters, plan_id: int | None = None) -> Page:
    municipality = municipality_of(session, system)
    if municipality is None:
        return Page([], 0, None)
    query, last_updated = _query(municipality)
    where = _updated_where(last_updated, filters.updated)
    if filters.person_id is not None:
        where.append(Person.id == filters.person_id)
    if plan_id is not None:
        where.append(Measure.plan_id == plan_id)
    query = query.where(*where)
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Measure.id).subquery()))
    rows = session.execute(query.where(Measure.id > filters.after).order_by(Measure.id).limit(filters.count + 1)).all()
    found = _with_identifiers(session, municipality, [MeasureRead(*row) for row in rows[: filters.count]])
    _log(session, system, municipality, found)
    return Page(found, total or 0, found[-1].measure.id if len(rows) > filters.count else None)


def measure_to_write(session: Session, system: MunicipalSystem, measure_id: int) -> Measure | None:
    municipality = municipality_of(session, system)
    found = session.scalar(
        select(Measure)
        .join(Measure.plan)
        .join(Plan.owner)
        .where(Measure.id == measure_id)
        .options(contains_eager(Measure.plan).contains_eager(Plan.owner))
    )
    if municipality is None or found is None:
        return None
    if found.plan.owner.municipality_id != municipality.id:
        _refused(system, "ServiceRequest")
        return None
    return found


def goal_in(session: Session, plan: Plan, goal_id: int | None) -> Goal | None:
    """The goal of `plan` a measure serves; planning.NotInPlan for one of another plan (or none)."""
    if goal_id is None:
        return None
    goal = session.get(Goal, goal_id)
    if goal is None or goal.plan_id != plan.id:
        raise planning.NotInPlan("the goal is not in this plan")
    return goal


def add_measure(session: Session, system: MunicipalSystem, plan: Plan, details, goal: Goal | None) -> Measure:
    return planning.add_measure(session, actor_for(session, system, plan.owner), plan, details, goal)


def _same_schedule(measure: Measure, occurrences) -> bool:
    held = [(entry.recurrence, entry.duration_minutes) for entry in measure.schedule]
    return held == [(recurrence_text(o.first_start, o.rule), o.minutes) for o in occurrences]


def change_measure(
    session: Session, system: MunicipalSystem, measure: Measure, version: int, details, goal: Goal | None
) -> Measure:
    """The measure as sent, its schedule included (a PUT replaces it whole; the same times sent
    back are no change to tell the person of); planning.Stale, with nothing changed, when
    `version` is not the measure's."""
    actor = actor_for(session, system, measure.plan.owner)
    schedule = None if _same_schedule(measure, details.schedule) else details.schedule
    return planning.change_measure(session, actor, measure, version, details, goal, schedule=schedule)


def remove_measure(session: Session, system: MunicipalSystem, measure: Measure, version: int) -> None:
    planning.remove_measure(session, actor_for(session, system, measure.plan.owner), measure, version)
