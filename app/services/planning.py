"""The municipality's side of a plan: creating it, and writing into it the goals agreed with the
person, the services and people who take part, the measures with when they happen, and the
koordineringsmøter. The coordinator's pages and the integration API will call these; today the
demo import does (with a `SystemActor`).

Each function is one use case: its change, its audit row in the person's access log and its
commit in one transaction. The caller has already decided that the actor may write the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.actor import Actor, SystemActor
from app.domain.staff_access import StaffForPerson
from app.models import Goal, Measure, Meeting, Participant, Plan, ScheduleEntry
from app.services import audit
from app.services.schedule import recurrence_text
from app.services.transaction import use_case

AnyActor = Actor | SystemActor | StaffForPerson


class PlanExists(Exception):
    """The person has a plan already: a person has one individuell plan."""


@dataclass(frozen=True)
class PlanDetails:
    """The plan's own parts: who coordinates it, for which period, when it is next revised."""

    coordinator_name: str | None = None
    coordinator_phone: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    next_revision: date | None = None


@dataclass(frozen=True)
class GoalDetails:
    """A goal agreed with the person, in their own words (§1 a)."""

    life_area: str
    text: str
    own_resources: str | None = None
    network_help: str | None = None
    needs: str | None = None
    private_from_parents: bool = False


@dataclass(frozen=True)
class ParticipantDetails:
    """A service, agency or relative who takes part, and what they help with (§1 b, d, i)."""

    kind: str  # service, agency, relative
    service: str
    name: str | None = None
    role: str | None = None
    helps_with: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """When a measure happens: the first start (Norwegian wall-clock time), an RFC 5545 RRULE
    value or None for once, and how long each time lasts."""

    first_start: datetime
    rule: str | None
    minutes: int


@dataclass(frozen=True)
class MeasureDetails:
    """A tiltak: what, how much, the service responsible and its role, how it is done."""

    what: str
    service_name: str
    responsible_role: str | None = None
    how_much: str | None = None
    how: str | None = None
    schedule: Sequence[Occurrence] = field(default_factory=tuple)


def _next_position(session: Session, model, plan: Plan) -> int:
    highest = session.scalar(select(func.max(model.position)).where(model.plan_id == plan.id))
    return 0 if highest is None else highest + 1


def _store(session: Session, actor: AnyActor, row, action: str, object_type: str, object_id=None, details=None):
    """The new row stored and committed with its audit row, on `object_id` or else on the row itself."""
    session.add(row)
    session.flush()
    audit.by_actor(
        session, actor, action=action, object_type=object_type, object_id=object_id or row.id, details=details
    )
    session.commit()
    return row


@use_case
def create_plan(session: Session, actor: AnyActor, details: PlanDetails) -> Plan:
    """The individuell plan of the person the actor acts for, with its own parts; PlanExists if
    they have one."""
    owner = actor.subject
    if session.scalar(select(Plan.id).where(Plan.owner_id == owner.id)) is not None:
        raise PlanExists()
    return _store(session, actor, Plan(owner_id=owner.id, **asdict(details)), "plan.created", "plan")


@use_case
def add_goal(session: Session, actor: AnyActor, plan: Plan, details: GoalDetails) -> Goal:
    """A goal agreed with the person, after the plan's others."""
    goal = Goal(plan_id=plan.id, position=_next_position(session, Goal, plan), status="agreed")
    for name, value in asdict(details).items():
        setattr(goal, name, value)
    # Recorded on the goal, so a goal a child keeps from her parents keeps this row from them too.
    return _store(session, actor, goal, "goal.added", "goal", details={"life_area": goal.life_area})


@use_case
def add_participant(session: Session, actor: AnyActor, plan: Plan, details: ParticipantDetails) -> Participant:
    """A service, agency or relative who takes part, after the plan's others."""
    participant = Participant(plan_id=plan.id, position=_next_position(session, Participant, plan), **asdict(details))
    return _store(
        session, actor, participant, "participant.added", "participant", details={"service": participant.service}
    )


@use_case
def add_measure(
    session: Session, actor: AnyActor, plan: Plan, details: MeasureDetails, goal: Goal | None = None
) -> Measure:
    """A measure, with when it happens, serving one of the plan's goals or none."""
    if goal is not None and goal.plan_id != plan.id:
        raise ValueError("the goal is in another plan")
    measure = Measure(
        plan_id=plan.id,
        position=_next_position(session, Measure, plan),
        goal_id=goal.id if goal is not None else None,
        what=details.what,
        service_name=details.service_name,
        responsible_role=details.responsible_role,
        how_much=details.how_much,
        how=details.how,
        schedule=[
            ScheduleEntry(recurrence=recurrence_text(o.first_start, o.rule), duration_minutes=o.minutes)
            for o in details.schedule
        ],
    )
    # A measure for a goal is recorded on the goal: a measure for a goal kept from parents would give it away.
    session.add(measure)
    session.flush()  # its id, for the audit row's details
    on_goal = goal is not None
    return _store(
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
    return _store(session, actor, meeting, "meeting.scheduled", "meeting")
