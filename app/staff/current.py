"""The staff member of a request on the staff side, and the roles they hold today.

Read again on every request: a revoked role ends at once, not at the next login."""

from __future__ import annotations

from flask import g, session

from app import db
from app.domain.staff_access import StaffActor
from app.services import staff as staff_service

SESSION_KEY = "staff_member_id"


def staff_actor() -> StaffActor | None:
    return getattr(g, "staff_actor", None)


def is_logged_in() -> bool:
    return staff_actor() is not None


def load_staff() -> None:
    g.staff_actor = None
    member_id = session.get(SESSION_KEY)
    if not isinstance(member_id, int):
        return
    found = staff_service.actor_for(db.db_session(), member_id)
    if found is None:  # removed since: the session means nothing any more
        session.end()
        return
    g.staff_actor = found


def template_values() -> dict:
    return {"current_staff": staff_actor()}
