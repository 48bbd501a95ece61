"""Notices that did not reach anyone, for the koordinerende enhet of the municipality they concern:
given up on by a channel, or never sent because the contact register has no way to reach the
person. The officer must then reach them another way.

A notice concerns the municipality of the person it is about (a representative living elsewhere
is told about someone here); a notice to staff about nobody in particular (a case deadline)
concerns the municipalities where that staff member holds a role. Nothing here reads what the
notice was about beyond its topic, and the channel's own error text is never shown: only what kind
of failure it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain import clock
from app.domain.notice_topics import MAX_ATTEMPTS
from app.domain.staff_access import Role, StaffActor
from app.models import Case, CaseEvent, Person, Plan, PlanChange, StaffMember, StaffRole
from app.models.base import utcnow
from app.models.message import Message
from app.models.notice import NoticeDelivery, OutboxEvent

RECENT = timedelta(days=30)
PAGE_SIZE = 50
GIVEN_UP = ("failed", "unreachable")


@dataclass(frozen=True)
class FailedNotice:
    id: int
    name: str  # who was to be told
    staff: bool  # a staff member, told at work
    for_name: str | None  # the person they act for, when told as a representative
    topic: str
    channel: str  # email, sms, none (nobody could be reached)
    when: datetime
    why: str  # reserved, no_contact_details, refused, gave_up
    attempts: int
    case_id: int | None  # the case it was about, for a link
    plan_id: int | None  # the plan of the person it was about, for a link


@dataclass(frozen=True)
class FailedNotices:
    rows: list[FailedNotice]
    total: int
    page: int
    pages: int


def _why(status: str, last_error: str | None, attempts: int) -> str:
    """What kind of failure, from what the delivery row records, never its words."""
    if status == "unreachable":
        return "reserved" if last_error == "reserved" else "no_contact_details"
    return "gave_up" if attempts >= MAX_ATTEMPTS else "refused"


def failed_notices(session: Session, staff: StaffActor, page: int = 1) -> FailedNotices:
    """The notices given up on in the last 30 days that concern the municipalities where `staff`
    is a KE officer, newest first, `PAGE_SIZE` to a page: two statements, however many."""
    mine = staff.municipalities(Role.KE_OFFICER)
    change, change_plan = aliased(PlanChange), aliased(Plan)
    message, message_plan = aliased(Message), aliased(Plan)
    step, case = aliased(CaseEvent), aliased(Case)
    recipient, subject, member = aliased(Person), aliased(Person), aliased(StaffMember)
    subject_plan = aliased(Plan)
    subject_id = func.coalesce(change_plan.owner_id, message_plan.owner_id, case.person_id, OutboxEvent.subject_id)
    staff_here = exists().where(
        StaffRole.staff_member_id == NoticeDelivery.staff_member_id,
        StaffRole.municipality_id.in_(mine),
        StaffRole.revoked_at.is_(None),
    )
    concerns_mine = or_(
        subject.municipality_id.in_(mine),
        and_(subject.id.is_(None), recipient.municipality_id.in_(mine)),
        and_(subject.id.is_(None), NoticeDelivery.staff_member_id.is_not(None), staff_here),
    )
    base = (
        select(NoticeDelivery)
        .join(OutboxEvent, OutboxEvent.id == NoticeDelivery.outbox_id)
        .outerjoin(change, and_(OutboxEvent.source == "plan_change", change.id == OutboxEvent.source_id))
        .outerjoin(change_plan, change_plan.id == change.plan_id)
        .outerjoin(message, and_(OutboxEvent.source == "message", message.id == OutboxEvent.source_id))
        .outerjoin(message_plan, message_plan.id == message.plan_id)
        .outerjoin(step, and_(OutboxEvent.source == "case_event", step.id == OutboxEvent.source_id))
        .outerjoin(case, case.id == step.case_id)
        .outerjoin(subject, subject.id == subject_id)
        .outerjoin(recipient, recipient.id == NoticeDelivery.person_id)
        .outerjoin(member, member.id == NoticeDelivery.staff_member_id)
        .outerjoin(subject_plan, subject_plan.owner_id == subject.id)
        .where(
            NoticeDelivery.status.in_(GIVEN_UP),
            NoticeDelivery.created_at > utcnow() - RECENT,
            concerns_mine,
        )
    )
    total = session.scalar(base.with_only_columns(func.count(NoticeDelivery.id)).order_by(None)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    found = session.execute(
        base.with_only_columns(
            NoticeDelivery.id,
            NoticeDelivery.status,
            NoticeDelivery.last_error,
            NoticeDelivery.attempts,
            NoticeDelivery.topic,
            NoticeDelivery.channel,
            NoticeDelivery.created_at,
            NoticeDelivery.for_someone,
            NoticeDelivery.staff_member_id,
            recipient.name,
            member.name,
            subject.name,
            subject.municipality_id,
            case.id,
            case.municipality_id,
            subject_plan.id,
        )
        .order_by(NoticeDelivery.created_at.desc(), NoticeDelivery.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    rows = []
    for (
        delivery_id,
        status,
        last_error,
        attempts,
        topic,
        channel,
        created_at,
        for_someone,
        staff_member_id,
        person_name,
        member_name,
        subject_name,
        subject_municipality,
        case_id,
        case_municipality,
        plan_id,
    ) in found:
        rows.append(
            FailedNotice(
                id=delivery_id,
                name=(member_name if staff_member_id is not None else person_name) or "",
                staff=staff_member_id is not None,
                for_name=(subject_name or "") if for_someone else None,
                topic=topic,
                channel=channel,
                when=created_at.astimezone(clock.OSLO),
                why=_why(status, last_error, attempts),
                attempts=attempts,
                # The officer opens a case or a plan of their own municipality only (the loaders check again).
                case_id=case_id if case_municipality in mine else None,
                plan_id=plan_id if subject_municipality in mine else None,
            )
        )
    return FailedNotices(rows, total, page, pages)
