"""Demo rows found by what a person would call them (whose, and its words), never by an id: ids
depend on the order rows were inserted, and on what earlier tests added.

A lookup can stand in a page list before there is an app; the page client resolves it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import db
from app.models import Goal, Meeting, Participant, Person, Plan
from app.models.base import utcnow


def _one(app, query) -> int:
    with app.app_context(), db.new_session() as s:
        found = s.scalars(query).all()
    assert len(found) == 1, f"expected one demo row, found {len(found)}: {query}"
    return found[0]


def _plan_of(owner_pid: str):
    return select(Plan.id).join(Person, Person.id == Plan.owner_id).where(Person.pid == owner_pid).scalar_subquery()


def goal_id(app, owner_pid: str, text_start: str) -> int:
    """The goal in the owner's plan whose text begins so."""
    return _one(app, select(Goal.id).where(Goal.plan_id == _plan_of(owner_pid), Goal.text.startswith(text_start)))


def participant_id(app, owner_pid: str, service: str) -> int:
    """The service (or relative) on the owner's plan."""
    return _one(
        app, select(Participant.id).where(Participant.plan_id == _plan_of(owner_pid), Participant.service == service)
    )


def next_meeting_id(app, owner_pid: str) -> int:
    """The owner's coming meeting (the demo data gives each plan one)."""
    return _one(app, select(Meeting.id).where(Meeting.plan_id == _plan_of(owner_pid), Meeting.ends_at > utcnow()))


@dataclass(frozen=True)
class DemoGoal:
    owner_pid: str
    text_start: str

    def resolve(self, app) -> int:
        return goal_id(app, self.owner_pid, self.text_start)


@dataclass(frozen=True)
class DemoParticipant:
    owner_pid: str
    service: str

    def resolve(self, app) -> int:
        return participant_id(app, self.owner_pid, self.service)


@dataclass(frozen=True)
class DemoMeeting:
    owner_pid: str

    def resolve(self, app) -> int:
        return next_meeting_id(app, self.owner_pid)


@dataclass(frozen=True)
class DemoPlan:
    owner_pid: str

    def resolve(self, app) -> int:
        return _one(app, select(Plan.id).join(Person, Person.id == Plan.owner_id).where(Person.pid == self.owner_pid))


DemoRow = DemoGoal | DemoParticipant | DemoMeeting | DemoPlan


def resolved(app, values: dict) -> dict:
    """URL values with every demo lookup replaced by the id it finds now."""
    return {name: value.resolve(app) if isinstance(value, DemoRow) else value for name, value in values.items()}
