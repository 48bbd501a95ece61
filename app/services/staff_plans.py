"""The plans a staff member may open, and every opening written to the person's access log.

Access by need (app.domain.staff_access): the appointed coordinator opens the plan; a KE officer
of the person's municipality opens it only after stating a reason, which the person reads in
their access log; nobody else learns that the plan exists (the view answers 404).

A coordinator sees what the plan holds, private goals too: a child of 12–15 keeps goals from her
parents, not from her coordinator, who works on them with her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.domain import clock
from app.domain.cases import OPEN_STATUSES
from app.domain.staff_access import PlanAccess, Role, StaffActor
from app.models import Case, Goal, GoalEvaluation, Measure, Meeting, MeetingTopic, Person, Plan, SharingConsent
from app.models.base import utcnow
from app.services import audit, messages
from app.services.transaction import use_case

REASON_MIN, REASON_MAX = 10, 500


class Need(StrEnum):
    """What on a plan needs its coordinator, most urgent first (the order sorts the caseload)."""

    REVISION_PASSED = "revision_passed"
    CASE_OVERDUE = "case_overdue"
    GOING_HARD = "going_hard"
    CASE_DEADLINE = "case_deadline"
    UNREAD_MESSAGES = "unread_messages"
    REVISION_NEAR = "revision_near"
    CONSENT_ENDING = "consent_ending"
    PROPOSED_GOALS = "proposed_goals"
    PROPOSED_TOPICS = "proposed_topics"


URGENCY = {need: rank for rank, need in enumerate(Need)}
# How far ahead (or back) the caseload looks, in days.
REVISION_AHEAD = CONSENT_AHEAD = HARD_WITHIN = 30
CASE_AHEAD = 7


@dataclass(frozen=True)
class PlanNeed:
    need: Need
    count: int = 1
    day: date | None = None  # the revision date, the consent's last day, the case's deadline


@dataclass(frozen=True)
class CaseloadRow:
    plan_id: int
    person_name: str | None
    next_revision: date | None
    needs: tuple[PlanNeed, ...] = ()

    @property
    def urgency(self) -> int:
        return min((URGENCY[n.need] for n in self.needs), default=len(URGENCY))


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    counts: dict[Need, int]  # proposals counted one by one; the rest by the plans they are on

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def caseload(session: Session, staff: StaffActor) -> Caseload:
    """The plans the staff member is appointed to, of people in the municipalities where they are
    coordinator today (a coordinator whose role there ended sees none of them any more), each with
    what needs them, most urgent first. A fixed number of statements however many plans, goals or
    meetings: one per kind of need, each aggregated over all the plans at once."""
    municipalities = staff.municipalities(Role.COORDINATOR)
    if not municipalities:
        return Caseload([], {})
    plans = session.execute(
        select(Plan.id, Person.name, Plan.next_revision, Person.id)
        .join(Person, Plan.owner_id == Person.id)
        .where(Plan.coordinator_id == staff.member.id, Person.municipality_id.in_(municipalities))
    ).all()
    needs = _needs(session, plans, clock.today())
    rows = [
        CaseloadRow(plan_id, name, next_revision, tuple(sorted(needs.get(plan_id, ()), key=lambda n: URGENCY[n.need])))
        for plan_id, name, next_revision, _owner in plans
    ]
    rows.sort(
        key=lambda r: (r.urgency, r.next_revision is None, r.next_revision or date.max, r.person_name or "", r.plan_id)
    )
    counts: dict[Need, int] = {}
    for row in rows:
        for n in row.needs:
            counts[n.need] = counts.get(n.need, 0) + (n.count if n.need in _COUNTED_ONE_BY_ONE else 1)
    return Caseload(rows, counts)


_COUNTED_ONE_BY_ONE = {Need.PROPOSED_GOALS, Need.PROPOSED_TOPICS, Need.GOING_HARD, Need.UNREAD_MESSAGES}


def _needs(session: Session, plans, today: date) -> dict[int, list[PlanNeed]]:
    found: dict[int, list[PlanNeed]] = {}

    def add(plan_id: int, need: PlanNeed) -> None:
        found.setdefault(plan_id, []).append(need)

    if not plans:
        return found
    ids = [plan_id for plan_id, *_ in plans]
    for plan_id, _name, next_revision, _owner in plans:
        if next_revision is not None and next_revision < today:
            add(plan_id, PlanNeed(Need.REVISION_PASSED, day=next_revision))
        elif next_revision is not None and next_revision <= today + timedelta(days=REVISION_AHEAD):
            add(plan_id, PlanNeed(Need.REVISION_NEAR, day=next_revision))
    proposed = select(Goal.plan_id, func.count()).where(Goal.plan_id.in_(ids), Goal.status == "proposed")
    for plan_id, count in session.execute(proposed.group_by(Goal.plan_id)):
        add(plan_id, PlanNeed(Need.PROPOSED_GOALS, count))
    topics = (
        select(Meeting.plan_id, func.count())
        .join(MeetingTopic, MeetingTopic.meeting_id == Meeting.id)
        .where(Meeting.plan_id.in_(ids), Meeting.starts_at > utcnow(), MeetingTopic.status == "proposed")
    )
    for plan_id, count in session.execute(topics.group_by(Meeting.plan_id)):
        add(plan_id, PlanNeed(Need.PROPOSED_TOPICS, count))
    hard = (
        select(Goal.plan_id, func.count(), func.max(GoalEvaluation.created_at))
        .join(GoalEvaluation, GoalEvaluation.goal_id == Goal.id)
        .where(
            Goal.plan_id.in_(ids),
            GoalEvaluation.rating == "hard",
            GoalEvaluation.created_at >= utcnow() - timedelta(days=HARD_WITHIN),
        )
    )
    for plan_id, count, latest in session.execute(hard.group_by(Goal.plan_id)):
        add(plan_id, PlanNeed(Need.GOING_HARD, count, clock.local_date(latest) if latest else None))
    ending = (
        select(SharingConsent.plan_id, func.count(), func.min(SharingConsent.valid_to))
        .where(
            SharingConsent.plan_id.in_(ids),
            SharingConsent.status == "given",
            SharingConsent.valid_to >= today,
            SharingConsent.valid_to <= today + timedelta(days=CONSENT_AHEAD),
        )
        .group_by(SharingConsent.plan_id)
    )
    for plan_id, count, last_day in session.execute(ending):
        add(plan_id, PlanNeed(Need.CONSENT_ENDING, count, last_day))
    for plan_id, count in messages.unread_by_plan(session, ids).items():
        add(plan_id, PlanNeed(Need.UNREAD_MESSAGES, count))
    plan_of = {owner: plan_id for plan_id, _name, _revision, owner in plans}
    # The interim answer's date, once given, is the date the person waits for.
    due = func.coalesce(Case.interim_expected_by, Case.deadline)
    cases = (
        select(Case.person_id, func.count(), func.min(due))
        .where(
            Case.person_id.in_(list(plan_of)),
            Case.status.in_([str(s) for s in OPEN_STATUSES]),
            due <= today + timedelta(days=CASE_AHEAD),
        )
        .group_by(Case.person_id)
    )
    for person_id, count, first_due in session.execute(cases):
        need = Need.CASE_OVERDUE if first_due < today else Need.CASE_DEADLINE
        add(plan_of[person_id], PlanNeed(need, count, first_due))
    return found


def plan_for_staff(session: Session, staff: StaffActor, plan_id: int) -> tuple[Plan, PlanAccess] | None:
    """The plan and on what ground the staff member may open it, or None: another municipality's,
    a plan someone else coordinates, no such plan. Records nothing: `content_for_staff` does, once
    the page is shown. A role held in the person's municipality today is needed either way, so an
    appointment outlives no ended role."""
    plan = session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.goals).selectinload(Goal.evaluations),
            selectinload(Plan.participants),
        )
    )
    if plan is None:
        return None
    municipality_id = plan.owner.municipality_id
    if staff.role_in(municipality_id) is None:
        return None
    access = staff.plan_access(plan.coordinator_id, municipality_id)
    return None if access is None else (plan, access)


def needs_reason(access: PlanAccess, reason: str | None) -> bool:
    """Whether the page must ask for a reason before it shows the plan."""
    return access == PlanAccess.REASON_GIVEN and not reason


@use_case
def opened(session: Session, staff: StaffActor, plan: Plan, access: PlanAccess, reason: str | None = None) -> None:
    """A staff page is about to show the plan or anything of it (after a refused or stale form too):
    in the person's access log first, committed, as a citizen's read is (app.services.reads)."""
    audit.staff_opened_plan(session, staff, plan, access, reason)
    session.commit()


@use_case
def content_for_staff(session: Session, staff: StaffActor, plan: Plan, access: PlanAccess, reason: str | None) -> dict:
    """What the staff page shows besides the goals and participants the plan loaded with (its
    measures and meetings), after the opening is in the person's access log: committed before
    anything of the plan is shown (as a citizen's read is: app.services.reads), as coordinator or
    with the reason given."""
    opened(session, staff, plan, access, reason)
    measures = session.scalars(select(Measure).where(Measure.plan_id == plan.id).order_by(Measure.position))
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.plan_id == plan.id)
        .options(selectinload(Meeting.topics))
        .order_by(Meeting.starts_at)
    )
    return {"measures": list(measures), "meetings": list(meetings)}
