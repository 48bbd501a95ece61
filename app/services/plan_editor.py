"""The coordinator's plan editor: which plan a staff member may write (the one they are appointed
to; a KE officer reads a plan, never writes it), its opening in the person's access log, and what
the editor shows of it in a fixed number of queries however large the plan grows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.staff_access import PlanAccess, StaffActor, StaffForPerson
from app.models import Goal, Measure, Participant, ParticipantGoal, Plan
from app.services import staff_plans


def plan_to_write(session: Session, staff: StaffActor, plan_id: int) -> Plan | None:
    """The plan, when the staff member is its appointed coordinator; else None (the view answers 404)."""
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    return found[0] if found is not None and found[1] == PlanAccess.COORDINATOR else None


def actor_for(staff: StaffActor, plan: Plan) -> StaffForPerson:
    return StaffForPerson(staff, plan.owner)


@dataclass(frozen=True)
class EditorContent:
    measures: list[Measure]
    goals_of: dict[int, list[int]]  # participant id → the ids of the goals they serve


def content(session: Session, plan: Plan) -> EditorContent:
    """The plan's measures with their schedules, and which goals each helper serves."""
    measures = session.scalars(
        select(Measure)
        .where(Measure.plan_id == plan.id)
        .options(selectinload(Measure.schedule))
        .order_by(Measure.position)
    )
    goals_of: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(ParticipantGoal.participant_id, ParticipantGoal.goal_id)
        .join(Participant, ParticipantGoal.participant_id == Participant.id)
        .where(Participant.plan_id == plan.id, Participant.removed_at.is_(None))
    )
    for participant_id, goal_id in rows:
        goals_of[participant_id].append(goal_id)
    return EditorContent(list(measures), dict(goals_of))


def goal_in(plan: Plan, goal_id: int) -> Goal | None:
    """An agreed goal of the plan: a goal the person proposed is answered, never edited over their
    words (app/services/proposals.py)."""
    return next((goal for goal in plan.goals if goal.id == goal_id and goal.status == "agreed"), None)


def participant_in(plan: Plan, participant_id: int) -> Participant | None:
    return next((p for p in plan.participants if p.id == participant_id), None)


def measure_in(session: Session, plan: Plan, measure_id: int) -> Measure | None:
    return session.scalar(
        select(Measure)
        .where(Measure.id == measure_id, Measure.plan_id == plan.id)
        .options(selectinload(Measure.schedule))
    )


def goals_by_id(session: Session, goal_ids: list[int]) -> list[Goal]:
    """The goals a form named, of whichever plan: whether they are this plan's is the use case's
    answer (NotInPlan), given at the field; an id of no goal at all is left out."""
    if not goal_ids:
        return []
    return list(session.scalars(select(Goal).where(Goal.id.in_(goal_ids)).order_by(Goal.position)))
