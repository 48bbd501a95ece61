"""What matters now, for the first screen after login (Min side, the front page): the next visit
this week, what is new in the plan, what waits for an answer (a consent that ends soon, answers
not sent), and a request for a plan that is on its way. Each part is fetched through the lookups that take the actor, so
the overview shows nothing the actor could not open, and records the reads they record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.capabilities import Capability
from app.models import PlanRequest, SharingConsent, WizardDraft
from app.services import consents, messages, plan_news, plan_requests, plans, week, wizard

# A consent ending within this many days is shown as something to answer.
ENDING_SOON_DAYS = 30


@dataclass(frozen=True)
class EndingConsent:
    service: str
    last_day: date


@dataclass
class Overview:
    next_visit: week.Visit | None = None
    visits_this_week: int = 0
    consents_ending: list[EndingConsent] = field(default_factory=list)
    unsent_answers: bool = False
    request: PlanRequest | None = None
    news: plan_news.News | None = None  # what changed in the plan since the reader last looked
    unread_messages: int = 0  # messages in the plan the reader has not read

    @property
    def needs_answer(self) -> bool:
        return bool(self.consents_ending or self.unsent_answers or self.unread_messages)


def _next_visit(session: Session, actor: Actor, now: datetime) -> tuple[week.Visit | None, int]:
    schedule = week.schedule_for_actor(session, actor)
    if schedule is None:
        return None, 0
    days = week.days_of_week(schedule, week.monday_of(now.date()))
    visits = [visit for day in days for visit in day.visits]
    coming = [visit for visit in visits if visit.ends_at > now]
    return (coming[0] if coming else None), len(visits)


def _consents_ending(session: Session, actor: Actor, today: date) -> list[EndingConsent]:
    plan = consents.plan_for_actor(session, actor, "overview")
    if plan is None:
        return []
    # The plan's helpers as this reader may see them: a parent of a 12–15-year-old is not told of
    # a helper who serves only goals she keeps from him, not even that a consent to it ends.
    shown = {participant.id for participant in plan.participants}
    ending = session.scalars(
        select(SharingConsent).where(
            SharingConsent.plan_id == plan.id,
            SharingConsent.status == "given",
            SharingConsent.valid_to.is_not(None),
            SharingConsent.valid_to >= today,
            SharingConsent.valid_to <= today + timedelta(days=ENDING_SOON_DAYS),
        )
    )
    return sorted(
        (EndingConsent(c.participant.service, c.valid_to) for c in ending if c.participant_id in shown),
        key=lambda e: (e.last_day, e.service),
    )


def _news(session: Session, actor: Actor) -> plan_news.News | None:
    """The plan alone (not its goals): the news needs only its id and coordinator."""
    plan = plans.plan_row(session, actor.subject.id)
    if plan is None:
        return None
    plans.record_plan_read(session, actor, plan)
    return plan_news.news_for_actor(session, actor, plan)


def _unsent_answers(session: Session, actor: Actor) -> bool:
    draft: WizardDraft | None = wizard.draft_to_change(session, actor)
    return draft is not None and draft.sent_at is None and bool(draft.answers)


def for_actor(session: Session, actor: Actor, now: datetime, may) -> Overview:
    """What matters now for the actor's subject; `may(capability)` is the policy's answer."""
    overview = Overview()
    subject = actor.subject
    if subject.has_plan and may(Capability.PLAN_READ):
        overview.next_visit, overview.visits_this_week = _next_visit(session, actor, now)
        overview.news = _news(session, actor)
        overview.unread_messages = messages.unread_for_actor(session, actor)
    if subject.has_plan and may(Capability.CONSENT_MANAGE):
        overview.consents_ending = _consents_ending(session, actor, now.date())
    if may(Capability.PLAN_CONTRIBUTE):
        overview.unsent_answers = _unsent_answers(session, actor)
        if not subject.has_plan:
            overview.request = plan_requests.latest_for_actor(session, actor)
    return overview
