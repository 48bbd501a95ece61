"""The parts of a plan as the municipality's use cases take them (app/services/planning.py,
app/services/plan_writing.py), what they refuse, and what they share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.actor import Actor, SystemActor
from app.domain.api_consumer import SystemForPerson
from app.domain.staff_access import StaffForPerson
from app.models import Goal, Plan, ScheduleEntry
from app.services import audit
from app.services.schedule import recurrence_text

AnyActor = Actor | SystemActor | StaffForPerson | SystemForPerson


class PlanExists(Exception):
    """The person has a plan already: a person has one individuell plan."""


class NotInPlan(ValueError):
    """A goal of another plan: a measure or a helper serves only goals of its own plan."""


class Stale(Exception):
    """Someone changed (or removed: `current` is None) the row since the form was read; `current`
    is the row as it is now, to show beside what was typed."""

    def __init__(self, current):
        super().__init__("stale")
        self.current = current


@dataclass(frozen=True)
class PlanDetails:
    """The plan's own parts: who coordinates it, for which period, when it is next revised."""

    coordinator_name: str | None = None
    coordinator_phone: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    next_revision: date | None = None
    coordinator_id: int | None = None  # the staff member appointed, when the coordinator works in Min plan


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
    email: str | None = None


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


def next_position(session: Session, model, plan: Plan) -> int:
    highest = session.scalar(select(func.max(model.position)).where(model.plan_id == plan.id))
    return 0 if highest is None else highest + 1


def own_goals(plan: Plan, goals: Sequence[Goal]) -> list[Goal]:
    """The goals, each of `plan`, or NotInPlan."""
    if any(goal.plan_id != plan.id for goal in goals):
        raise NotInPlan("the goal is in another plan")
    return list(goals)


def goal_of_record(goals: Sequence[Goal]) -> Goal | None:
    """The goal a change to something serving `goals` is recorded on: a private one only when
    every goal it serves is private (so it is kept from parents exactly when the thing is)."""
    open_goals = [goal for goal in goals if not goal.private_from_parents]
    return open_goals[0] if open_goals else (goals[0] if goals else None)


def schedule_entries(occurrences: Sequence[Occurrence]) -> list[ScheduleEntry]:
    return [
        ScheduleEntry(recurrence=recurrence_text(o.first_start, o.rule), duration_minutes=o.minutes)
        for o in occurrences
    ]


def store(session: Session, actor: AnyActor, row, action: str, object_type: str, object_id=None, details=None):
    """The new row stored and committed with its audit row, on `object_id` or else on the row itself."""
    session.add(row)
    session.flush()
    audit.by_actor(
        session, actor, action=action, object_type=object_type, object_id=object_id or row.id, details=details
    )
    session.commit()
    return row
