"""All models, imported here so Alembic and the app see the whole schema."""

from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.browser_session import BrowserSession
from app.models.case import Case, CaseEvent
from app.models.consent import ConsentChange, PlanConsent, SharingConsent
from app.models.measure import (
    CalendarFeed,
    Measure,
    Meeting,
    MeetingMinutes,
    MeetingTopic,
    ScheduleEntry,
    ScheduleException,
)
from app.models.message import Message, MessageSeen
from app.models.municipality import Municipality
from app.models.notice import NoticeDelivery, NoticePreference, OutboxEvent
from app.models.person import Person
from app.models.plan import Goal, GoalEvaluation, Participant, ParticipantGoal, Plan
from app.models.plan_change import PlanChange, PlanRevision, PlanSeen
from app.models.representation import Representation
from app.models.source_identifier import SourceIdentifier
from app.models.staff import StaffMember, StaffRole
from app.models.wizard import PlanRequest, WizardDraft, WizardSubmission

__all__ = [
    "SourceIdentifier",
    "NoticeDelivery",
    "NoticePreference",
    "OutboxEvent",
    "Message",
    "MessageSeen",
    "PlanSeen",
    "PlanRevision",
    "PlanChange",
    "ParticipantGoal",
    "ScheduleException",
    "MeetingMinutes",
    "AuditEvent",
    "Base",
    "BrowserSession",
    "CalendarFeed",
    "Case",
    "CaseEvent",
    "ConsentChange",
    "Goal",
    "GoalEvaluation",
    "Measure",
    "Meeting",
    "MeetingTopic",
    "Municipality",
    "Participant",
    "Person",
    "Plan",
    "PlanConsent",
    "PlanRequest",
    "Representation",
    "ScheduleEntry",
    "SharingConsent",
    "StaffMember",
    "StaffRole",
    "WizardDraft",
    "WizardSubmission",
]
