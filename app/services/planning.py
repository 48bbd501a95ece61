"""The municipality's side of a plan: creating it, and writing into it the goals agreed with the
person, the services and people who take part, the measures with when they happen, and the
koordineringsmøter. The coordinator's pages and the integration API will call these; today the
demo import does (with a `SystemActor`).

Each function is one use case: its change, its audit row in the person's access log, its named
domain event (app/services/plan_changes.py) and its commit in one transaction. The caller has
already decided that the actor may write the plan. A change is a conditional UPDATE on the version
the form was read at: of two writers at once exactly one wins, the other gets `Stale` with the row
as it is now. The changes to what is already there are in app/services/plan_writing.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.events import EventName
from app.models import Goal, Measure, Meeting, Participant, ParticipantGoal, Plan
from app.services import plan_changes
from app.services.plan_parts import (
    AnyActor,
    GoalDetails,
    MeasureDetails,
    NotInPlan,
    Occurrence,
    ParticipantDetails,
    PlanDetails,
    PlanExists,
    Stale,
    goal_of_record,
    next_position,
    own_goals,
    schedule_entries,
    store,
)
from app.services.plan_writing import (
    PlanPartRefused,
    change_goal,
    change_measure,
    change_participant,
    record_paper_consent,
    remove_measure,
    remove_participant,
    set_period,
    set_schedule,
)
from app.services.transaction import use_case

__all__ = [
    "AnyActor",
    "GoalDetails",
    "MeasureDetails",
    "NotInPlan",
    "Occurrence",
    "ParticipantDetails",
    "PlanDetails",
    "PlanExists",
    "PlanPartRefused",
    "Stale",
    "add_goal",
    "add_measure",
    "add_participant",
    "change_goal",
    "change_measure",
    "change_participant",
    "create_plan",
    "record_paper_consent",
    "remove_measure",
    "remove_participant",
    "schedule_meeting",
    "set_period",
    "set_schedule",
]


@use_case
def create_plan(session: Session, actor: AnyActor, details: PlanDetails) -> Plan:
    """The individuell plan of the person the actor acts for, with its own parts; PlanExists if
    they have one."""
    owner = actor.subject
    if session.scalar(select(Plan.id).where(Plan.owner_id == owner.id)) is not None:
        raise PlanExists()
    return store(session, actor, Plan(owner_id=owner.id, **asdict(details)), "plan.created", "plan")


@use_case
def add_goal(session: Session, actor: AnyActor, plan: Plan, details: GoalDetails) -> Goal:
    """A goal agreed with the person, after the plan's others."""
    goal = Goal(plan_id=plan.id, position=next_position(session, Goal, plan), status="agreed")
    for name, value in asdict(details).items():
        setattr(goal, name, value)
    session.add(goal)
    session.flush()
    plan_changes.record(session, actor, plan.id, EventName.GOAL_ADDED, goal.id, {"goal_text": goal.text})
    # Recorded on the goal, so a goal a child keeps from her parents keeps this row from them too.
    return store(session, actor, goal, "goal.added", "goal", details={"life_area": goal.life_area})


@use_case
def add_participant(
    session: Session, actor: AnyActor, plan: Plan, details: ParticipantDetails, goals: Sequence[Goal] = ()
) -> Participant:
    """A service, agency or relative who takes part, after the plan's others, serving `goals`
    (of this plan, or NotInPlan)."""
    goals = own_goals(plan, goals)
    participant = Participant(plan_id=plan.id, position=next_position(session, Participant, plan), **asdict(details))
    session.add(participant)
    session.flush()
    session.add_all(ParticipantGoal(participant_id=participant.id, goal_id=goal.id) for goal in goals)
    on_goal = goal_of_record(goals)
    plan_changes.record(
        session,
        actor,
        plan.id,
        EventName.PARTICIPANT_ADDED,
        on_goal.id if on_goal else None,
        {"service": participant.service},
    )
    # A helper serving only a goal kept from parents is recorded on that goal, and kept with it.
    return store(
        session,
        actor,
        participant,
        "participant.added",
        "goal" if on_goal and on_goal.private_from_parents else "participant",
        on_goal.id if on_goal and on_goal.private_from_parents else None,
        {"service": participant.service, "participant": participant.id},
    )


@use_case
def add_measure(
    session: Session, actor: AnyActor, plan: Plan, details: MeasureDetails, goal: Goal | None = None
) -> Measure:
    """A measure, with when it happens, serving one of the plan's goals or none."""
    own_goals(plan, [goal] if goal is not None else [])
    measure = Measure(
        plan_id=plan.id,
        position=next_position(session, Measure, plan),
        goal_id=goal.id if goal is not None else None,
        what=details.what,
        service_name=details.service_name,
        responsible_role=details.responsible_role,
        how_much=details.how_much,
        how=details.how,
        schedule=schedule_entries(details.schedule),
    )
    # A measure for a goal is recorded on the goal: a measure for a goal kept from parents would give it away.
    session.add(measure)
    session.flush()  # its id, for the audit row's details
    plan_changes.record(
        session, actor, plan.id, EventName.MEASURE_ADDED, goal.id if goal else None, {"what": measure.what}
    )
    on_goal = goal is not None
    return store(
        session,
        actor,
        measure,
        "measure.added",
        "goal" if on_goal else "measure",
        goal.id if on_goal else None,
        {"measure": measure.id},
    )


@use_case
def schedule_meeting(
    session: Session,
    actor: AnyActor,
    plan: Plan,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    invited: list[str],
) -> Meeting:
    """A koordineringsmøte: when, where, who is invited."""
    if ends_at <= starts_at:
        raise ValueError("a meeting ends after it starts")
    meeting = Meeting(plan_id=plan.id, starts_at=starts_at, ends_at=ends_at, place=place, invited=list(invited))
    return store(session, actor, meeting, "meeting.scheduled", "meeting")
