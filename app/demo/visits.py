"""A visit cancelled this week for Kari: her coordinator cancels the next of her medicine visits
through the same use case the staff page calls (app/services/visits.py), so `make run` shows a
cancelled visit in her week and calendar feed. Loading twice cancels nothing more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.staff_access import StaffForPerson
from app.models import Measure, Person, Plan, ScheduleEntry, ScheduleException
from app.services import staff, visits

KARI = "12838502510"
MEASURE = "Hjelp med medisiner"
NOTE = "Sykepleieren er på kurs. Ring hjemmesykepleien hvis du trenger hjelp med medisinene."
# Far enough to find the next visit of a twice-weekly rule whatever day the demo is loaded.
LOOK_AHEAD_DAYS = 7


def cancel_a_visit_this_week(session: Session) -> int:
    """1 when the visit is cancelled now, 0 when it was already (or Kari has no coordinator)."""
    plan = session.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == KARI))
    if plan is None or plan.coordinator_id is None:
        return 0
    entry = session.scalar(
        select(ScheduleEntry).join(Measure).where(Measure.plan_id == plan.id, Measure.what == MEASURE).limit(1)
    )
    if entry is None:
        return 0
    now = clock.now()
    already = session.scalar(
        select(ScheduleException.id).where(
            ScheduleException.entry_id == entry.id, ScheduleException.occurs_at > now - timedelta(days=LOOK_AHEAD_DAYS)
        )
    )
    coordinator = staff.actor_for(session, plan.coordinator_id)
    # The first visit an hour or more from now: one that is about to start is not cancelled.
    coming = visits.upcoming(session, plan, now + timedelta(hours=1), LOOK_AHEAD_DAYS)
    visit = next((v for v in coming if v.entry.id == entry.id), None)
    if already is not None or coordinator is None or visit is None:
        return 0
    visits.cancel(session, StaffForPerson(coordinator, plan.owner), entry.id, visit.starts_at, NOTE)
    return 1
