"""What a parent of a 12–15-year-old may not see of what happened to her data.

The access log is where the child's private things leave their traces: events about a goal she
keeps from her parents, her own unsent wizard draft, what she sent from it, her hiding a goal at
all, the messages she keeps from them with the coordinator's answers, the consents to a helper
who serves only her private goals, and minutes kept from them. Everyone else (the
child herself, a verge, a holder of a fullmakt, a parent under 12) sees every event.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from app.domain import Actor
from app.models import (
    AuditEvent,
    Goal,
    Meeting,
    MeetingMinutes,
    ParticipantGoal,
    Plan,
    WizardDraft,
    WizardSubmission,
)
from app.services import messages
from app.services.wizard import author_for


def hidden_events(session: Session, actor: Actor) -> ColumnElement[bool]:
    """A condition true for the subject's events the actor may not see (false for most actors)."""
    if not actor.hides_private_items:
        return false()
    subject = actor.subject.id
    goals = _ids(
        session,
        select(Goal.id).join(Plan, Goal.plan_id == Plan.id).where(Plan.owner_id == subject, Goal.private_from_parents),
    )
    drafts = _ids(
        session,
        select(WizardDraft.id).where(WizardDraft.owner_id == subject, WizardDraft.author_id != author_for(actor)),
    )
    others = session.execute(
        select(WizardSubmission.id, WizardSubmission.plan_request_id).where(
            WizardSubmission.owner_id == subject,
            or_(WizardSubmission.author_id != author_for(actor), WizardSubmission.sent_by_id != actor.person.id),
        )
    ).all()
    requests = [str(request) for _, request in others if request is not None]
    plan_id = session.scalar(select(Plan.id).where(Plan.owner_id == subject))
    helpers = [str(i) for i in participants_kept_from_parents(session, plan_id)] if plan_id else []
    minutes = _ids(
        session,
        select(Meeting.id)
        .join(MeetingMinutes, MeetingMinutes.meeting_id == Meeting.id)
        .where(Meeting.plan_id == plan_id, MeetingMinutes.private_from_parents),
    )
    return or_(
        and_(AuditEvent.object_type == "goal", AuditEvent.object_id.in_(goals)),
        AuditEvent.action == "goal.privacy_changed",  # that she keeps anything from them is hers too
        and_(AuditEvent.object_type == "wizard_draft", AuditEvent.object_id.in_(drafts)),
        and_(
            AuditEvent.action == "wizard.sent",
            func.coalesce(AuditEvent.details["submission"].as_integer(), 0).in_([i for i, _ in others]),
        ),
        and_(AuditEvent.object_type == "plan_request", AuditEvent.object_id.in_(requests)),
        and_(AuditEvent.object_type == "message", AuditEvent.object_id.in_(messages.private_ids(session, subject))),
        # A consent to a helper kept from them (the plan's own consent is named by the plan's id).
        and_(
            AuditEvent.object_type == "consent",
            AuditEvent.action.not_like("plan_consent.%"),
            AuditEvent.object_id.in_(helpers),
        ),
        and_(AuditEvent.action == "minutes.written", AuditEvent.object_id.in_(minutes)),
    )


def _ids(session: Session, query) -> list[str]:
    """The ids a query finds, as the audit log names objects (text)."""
    return [str(i) for i in session.scalars(query)]


def participants_kept_from_parents(session: Session, plan_id: int) -> set[int]:
    """The helpers of the plan who serve only goals the child keeps from her parents: to them
    such a helper would give the goal away, so they are kept from them like the goal itself.
    A helper who serves no goal, or one goal the parents see, is shown."""
    rows = session.execute(
        select(ParticipantGoal.participant_id, Goal.private_from_parents)
        .join(Goal, ParticipantGoal.goal_id == Goal.id)
        .where(Goal.plan_id == plan_id)
    )
    open_to_parents: dict[int, bool] = {}
    for participant_id, private in rows:
        open_to_parents[participant_id] = open_to_parents.get(participant_id, False) or not private
    return {participant_id for participant_id, shown in open_to_parents.items() if not shown}
