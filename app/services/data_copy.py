"""The person's own copy of what Min plan holds about them (GDPR art. 15 and 20), as the actor
may see it: each part is read through the same loader and filter its own page uses, so a
representative's copy holds what their pages show them and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.capabilities import Capability
from app.models import (
    AuditEvent,
    ConsentChange,
    Goal,
    Measure,
    Meeting,
    MeetingMinutes,
    Message,
    Plan,
    PlanConsent,
    PlanRevision,
    Representation,
    SharingConsent,
)
from app.services import (
    audit,
    consents,
    meeting_reads,
    messages,
    plan_changes,
    plan_news,
    plans,
    power_of_attorney,
    privacy,
    revisions,
)
from app.services import plan_consent as plan_consents
from app.services.plan_news import Told
from app.services.transaction import use_case

DOWNLOADED = "data_copy.downloaded"
FORMATS = ("json", "html")
# A safety net, not a rule: the access log and the history are read a page at a time.
MAX_PAGES = 500


@dataclass
class DataCopy:
    subject_id: int
    plan: Plan | None = None
    goals: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    changes: list[Told] = field(default_factory=list)
    revisions: list[tuple[PlanRevision, bool]] = field(default_factory=list)  # (revision, words hidden)
    meetings: list[tuple[Meeting, MeetingMinutes | None]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    plan_consent: PlanConsent | None = None
    sharing: dict[int, SharingConsent] = field(default_factory=dict)
    consent_history: list[ConsentChange] = field(default_factory=list)
    fullmakter: list[Representation] = field(default_factory=list)
    access_log: list[AuditEvent] = field(default_factory=list)
    includes_access_log: bool = False
    includes_fullmakter: bool = False


def _pages(read: Callable[[int], tuple[list, int]], size: int) -> list:
    rows, total = read(1)
    found = list(rows)
    for page in range(2, min(MAX_PAGES, -(-total // size)) + 1):
        found.extend(read(page)[0])
    return found


def _meetings(session: Session, actor: Actor, plan: Plan) -> list[tuple[Meeting, MeetingMinutes | None]]:
    found = list(session.scalars(select(Meeting).where(Meeting.plan_id == plan.id).order_by(Meeting.starts_at)))
    minutes = meeting_reads.minutes_of(session, [m.id for m in found])
    # The same rule as the plan page's minutes (meeting_reads.latest_minutes_for).
    shown = {
        meeting_id: found_minutes
        for meeting_id, found_minutes in minutes.items()
        if not (found_minutes.private_from_parents and actor.hides_private_items)
    }
    return [(meeting, shown.get(meeting.id)) for meeting in found]


@use_case
def for_actor(session: Session, actor: Actor, may: Callable[[Capability], bool], form: str) -> DataCopy:
    """Everything the actor may see of the person they act for; the download is in the access log
    (recorded first and committed, so no copy leaves without its row)."""
    audit.by_actor(
        session, actor, DOWNLOADED, object_type="person", object_id=actor.subject.id, details={"format": form}
    )
    session.commit()
    subject = actor.subject
    copy = DataCopy(subject_id=subject.id)
    plan = plans.plan_seen_by(session, actor)
    if plan is not None:
        copy.plan = plan
        copy.goals = plans.visible_goals(plan, actor)
        copy.measures = plans.measures_for(session, plan, actor)
        copy.changes = _pages(
            lambda page: plan_news.history_for_actor(session, actor, plan, page), plan_changes.HISTORY_PAGE_SIZE
        )
        copy.revisions = [(r, revisions.words_hidden(actor, r)) for r in revisions.revisions_of(session, plan.id)]
        copy.meetings = _meetings(session, actor, plan)
        copy.messages = messages.messages_of(session, plan.id, actor)
        copy.plan_consent = plan_consents.plan_consent(session, plan)
        copy.sharing = consents.sharing_consents(session, plan)
        copy.consent_history = consents.history(session, plan, actor)
    if may(Capability.REPRESENTATION_MANAGE):  # the person's own: who may act for them
        copy.includes_fullmakter = True
        copy.fullmakter = power_of_attorney.given_by(session, subject.id)
    if may(Capability.ACCESSLOG_READ):
        copy.includes_access_log = True
        hidden = privacy.hidden_events(session, actor)
        copy.access_log = _pages(lambda page: audit.about(session, subject.id, page, hidden=hidden), audit.PAGE_SIZE)
    return copy
