"""The events notices hear of, as the services record them: a plan's named changes and a case's
steps. Each source says how its rows are named, and what the worker needs to know of one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.cases import Kind, Step
from app.domain.events import EventName
from app.domain.notice_topics import Reminder, case_event
from app.domain.staff_access import Role
from app.models import Case, CaseEvent, Goal, Plan, PlanChange, SharingConsent, StaffRole
from app.models.notice import OutboxEvent
from app.notifications.facts import Facts, resolver
from app.notifications.outbox import subscribe
from app.services.privacy import participants_kept_from_parents

subscribe(PlanChange, "plan_change", lambda change: change.name)
subscribe(CaseEvent, "case_event", lambda step: case_event(step.action))


@resolver("plan_change")
def _plan_change(session: Session, outbox: OutboxEvent) -> Facts | None:
    change = session.get(PlanChange, outbox.source_id)
    plan = session.get(Plan, change.plan_id) if change is not None else None
    if plan is None:
        return None
    # Kept from the parents when it is about a goal she keeps private, then or now, or the
    # coordinator wrote it for her alone (minutes).
    private = bool((change.details or {}).get("private")) or bool(
        change.goal_id is not None
        and session.scalar(select(Goal.private_from_parents).where(Goal.id == change.goal_id))
    )
    happens_at = None
    if change.name in (EventName.VISIT_CANCELLED, EventName.VISIT_MOVED):
        when = (change.details or {}).get("when")
        happens_at = datetime.fromisoformat(when) if when else None
    return Facts(
        subject_id=plan.owner_id,
        private=private,
        by_person_id=change.person_id,
        by_staff_id=change.staff_member_id,
        happens_at=happens_at,
    )


def case_officers(session: Session, municipality_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(StaffRole.staff_member_id).where(
                StaffRole.municipality_id == municipality_id,
                StaffRole.role == str(Role.KE_OFFICER),
                StaffRole.revoked_at.is_(None),
            )
        )
    )


@resolver("case_event")
def _case_event(session: Session, outbox: OutboxEvent) -> Facts | None:
    step = session.get(CaseEvent, outbox.source_id)
    case = session.get(Case, step.case_id) if step is not None else None
    if case is None:
        return None
    # A complaint a 12–15-year-old wrote herself is hers: her parents read that there is one, not
    # its words, and are not told of its steps.
    private = case.kind == Kind.COMPLAINT and case.sent_by_id == case.person_id
    received = step.action == Step.RECEIVED
    return Facts(
        subject_id=case.person_id,
        private=private,
        by_person_id=step.person_id,
        by_staff_id=step.staff_member_id,
        # A new request or complaint: the KE's officers are told; the person sent it themselves.
        staff_ids=case_officers(session, case.municipality_id) if received else (),
        tell_person=not received,
    )


@resolver("reminder")
def _reminder(session: Session, outbox: OutboxEvent) -> Facts:
    if outbox.name == Reminder.CASE_DEADLINE:
        officers = case_officers(session, (outbox.details or {}).get("municipality_id"))
        return Facts(subject_id=None, staff_ids=officers, tell_person=False)
    if outbox.name == Reminder.CONSENT_ENDING:
        return Facts(subject_id=outbox.subject_id, private=_to_helper_kept_from_parents(session, outbox))
    return Facts(subject_id=outbox.subject_id)


def _to_helper_kept_from_parents(session: Session, outbox: OutboxEvent) -> bool:
    """Whether the ending consent is to a helper who serves only goals a 12–15-year-old keeps from
    her parents: they are not told of it, as her pages do not show it them. Decided when the
    notice is made, as the goals are then."""
    consent_id = (outbox.details or {}).get("consent_id") or int(outbox.key.split(":")[1])  # older rows: the key
    consent = session.get(SharingConsent, consent_id)
    return consent is not None and consent.participant_id in participants_kept_from_parents(session, consent.plan_id)
