"""Who helps in a plan, as the municipality's own system reads it through the FHIR API (CareTeam):
the coordinator and the plan's current helpers, what the coordinator sees in Min plan.

Built on app/services/api_reads.py: the system's municipality's people only (someone else's plan is
None, as one that does not exist, and logged with the organisation number), every read written to
the person's access log before the answer leaves, one row per person and request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.domain.api_consumer import MunicipalSystem
from app.models import Goal, Municipality, ParticipantGoal, Person, Plan
from app.services.api_reads import Filters, Page, _plan_changes, _record, _refused, municipality_of

CARETEAM_READ = "api.careteam_read"


@dataclass(frozen=True)
class TeamRead:
    plan: Plan
    municipality: Municipality
    last_updated: datetime
    last_change_id: int
    # Helpers who serve only goals a 12–15-year-old keeps from her parents: the resource marks them.
    kept_from_parents: frozenset[int]

    @property
    def version(self) -> str:
        """The plan's own version (its coordinator) and its history (helpers added, changed, removed)."""
        return f"{self.plan.version}.{self.last_change_id}"


def _teams_query(municipality: Municipality) -> Select:
    changes = _plan_changes()
    return (
        select(
            Plan,
            func.coalesce(changes.c.at, Person.created_at).label("last_updated"),
            func.coalesce(changes.c.last_id, 0).label("last_id"),
        )
        .join(Plan.owner)
        .outerjoin(changes, changes.c.plan_id == Plan.id)
        .where(Person.municipality_id == municipality.id)
        .options(contains_eager(Plan.owner), selectinload(Plan.participants))
    )


def _kept_from_parents(session: Session, plan_ids: list[int]) -> set[int]:
    """app.services.privacy.participants_kept_from_parents for many plans in one query."""
    if not plan_ids:
        return set()
    open_to_parents: dict[int, bool] = {}
    for participant_id, private in session.execute(
        select(ParticipantGoal.participant_id, Goal.private_from_parents)
        .join(Goal, ParticipantGoal.goal_id == Goal.id)
        .where(Goal.plan_id.in_(plan_ids))
    ):
        open_to_parents[participant_id] = open_to_parents.get(participant_id, False) or not private
    return {participant_id for participant_id, shown in open_to_parents.items() if not shown}


def _reads(session: Session, municipality: Municipality, rows) -> list[TeamRead]:
    kept = frozenset(_kept_from_parents(session, [plan.id for plan, _, _ in rows]))
    return [TeamRead(plan, municipality, at, last_id, kept) for plan, at, last_id in rows]


def _logged(session: Session, system: MunicipalSystem, municipality: Municipality, reads: list[TeamRead]) -> None:
    _record(session, system, municipality, [(r.plan.owner_id, CARETEAM_READ, "care_team", r.plan.id) for r in reads])


def care_team(session: Session, system: MunicipalSystem, plan_id: int) -> TeamRead | None:
    municipality = municipality_of(session, system)
    if municipality is None:
        return None
    row = session.execute(_teams_query(municipality).where(Plan.id == plan_id)).first()
    if row is None:
        if session.get(Plan, plan_id) is not None:
            _refused(system, "CareTeam")
        return None
    reads = _reads(session, municipality, [row])
    _logged(session, system, municipality, reads)
    return reads[0]


def care_teams(session: Session, system: MunicipalSystem, filters: Filters) -> Page:
    municipality = municipality_of(session, system)
    if municipality is None:
        return Page([], 0, None)
    query = _teams_query(municipality)
    if filters.person_id is not None:
        query = query.where(Plan.owner_id == filters.person_id)
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Plan.id).subquery()))
    rows = session.execute(query.where(Plan.id > filters.after).order_by(Plan.id).limit(filters.count + 1)).all()
    reads = _reads(session, municipality, rows[: filters.count])
    _logged(session, system, municipality, reads)
    return Page(reads, total or 0, reads[-1].plan.id if len(rows) > filters.count else None)
