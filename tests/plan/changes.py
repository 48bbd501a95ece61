"""Changes to a demo plan, recorded as the municipality's use cases record them (plan_changes.record
in the change's transaction), for tests of what the person is told."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.domain import Actor
from app.domain.events import EventName
from app.domain.staff_access import StaffForPerson
from app.models import Plan
from app.services import plan_changes
from app.services import staff as staff_service
from app.services.people import find_by_pid
from tests.staff.sessions import ASKOY_COORDINATOR, staff_member_id


def record_changes(
    app, owner_pid: str, changes: list[tuple[EventName, dict, int | None]], by: str | None = None
) -> None:
    """Record `changes` (name, details, goal id) on the owner's plan: by Kari's coordinator at work
    on the plan, or `by` a person (their own changes, as a person's Actor)."""
    member_id = staff_member_id(app, ASKOY_COORDINATOR)
    with app.app_context():
        s = db.db_session()
        owner = find_by_pid(s, owner_pid)
        if by is None:
            actor = StaffForPerson(staff_service.actor_for(s, member_id), owner)
        else:
            actor = Actor(find_by_pid(s, by))
        plan_id = s.scalar(select(Plan.id).where(Plan.owner_id == owner.id))
        for name, details, goal_id in changes:
            plan_changes.record(s, actor, plan_id, name, goal_id=goal_id, details=details)
        s.commit()
