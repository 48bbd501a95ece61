"""Koordineringsmøter as staff and the person read them: the plan's meetings with their topics and
minutes, the plan only its coordinator may write, and the last minutes a reader may read (a parent
of a 12–15-year-old never reads minutes kept from the parents)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import clock
from app.domain.rules import HEALTH_CONSENT_AGE, RESTRICTED_FROM_AGE, age_on
from app.domain.staff_access import PlanAccess, StaffActor
from app.models import Meeting, MeetingMinutes, MeetingTopic, Plan
from app.services import staff_plans


def plan_to_write(session: Session, staff: StaffActor, plan_id: int) -> Plan | None:
    """The plan, only for its appointed coordinator: a KE officer reads a plan, never writes it."""
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    return found[0] if found is not None and found[1] == PlanAccess.COORDINATOR else None


def meeting_of(session: Session, plan: Plan, meeting_id: int) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.plan_id == plan.id)
        .options(selectinload(Meeting.topics))
    )


def minutes_of(session: Session, meeting_ids: Iterable[int]) -> dict[int, MeetingMinutes]:
    ids = list(meeting_ids)
    if not ids:
        return {}
    return {m.meeting_id: m for m in session.scalars(select(MeetingMinutes).where(MeetingMinutes.meeting_id.in_(ids)))}


def meetings_for_staff(session: Session, plan: Plan) -> list[Meeting]:
    """The plan's meetings, past and coming, with their topics, newest first."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.plan_id == plan.id)
            .options(selectinload(Meeting.topics))
            .order_by(Meeting.starts_at.desc())
        )
    )


def proposed_topics(meetings: list[Meeting]) -> list[MeetingTopic]:
    """Topics the person proposed that are neither on an agenda nor answered yet."""
    return [topic for meeting in meetings for topic in meeting.topics if topic.status == "proposed"]


def may_keep_from_parents(plan: Plan) -> bool:
    """Minutes may be kept from the parents while the person is 12–15, as a goal may."""
    return RESTRICTED_FROM_AGE <= age_on(plan.owner.birth_date, clock.today()) < HEALTH_CONSENT_AGE


def latest_minutes_for(session: Session, actor, plan: Plan | None) -> tuple[Meeting, MeetingMinutes] | None:
    """The last meeting with minutes this reader may read: a parent of a 12–15-year-old never
    reads minutes kept from the parents. The plan's read is recorded by its own loader."""
    if plan is None:
        return None
    query = (
        select(Meeting, MeetingMinutes)
        .join(MeetingMinutes, MeetingMinutes.meeting_id == Meeting.id)
        .where(Meeting.plan_id == plan.id)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if getattr(actor, "hides_private_items", False):
        query = query.where(MeetingMinutes.private_from_parents.is_(False))
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1])
