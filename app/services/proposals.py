"""The coordinator takes in what the person proposed: goals from "Hva er viktig for deg?" and topics
for a koordineringsmøte.

A proposed goal is agreed as written, agreed with changed words (the person's words are kept in
`proposed_text`, beside the agreed words, never overwritten), or answered "not now" with a reason
the person reads. A topic goes onto the meeting's agenda or is answered. Each answer is one use
case: a conditional UPDATE on what the coordinator read (the goal's version; a topic, which has
no version, on still being proposed), its audit row in the person's access log and its named
event (app/domain/events.py), committed together.

Only the plan's appointed coordinator answers: a KE officer reads the plan but does not write it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from app.domain.events import EventName
from app.domain.staff_access import PlanAccess, StaffActor, StaffForPerson
from app.models import Goal, Meeting, MeetingTopic, Plan
from app.models.base import utcnow
from app.services import audit, plan_changes, staff_plans
from app.services.transaction import use_case

PROPOSED = "proposed"
REASON_MAX = 2000
ANSWER_MAX = 2000


class NotInPlan(LookupError):
    """No such proposal in the plan of the person the coordinator works for (another plan's, or
    the staff member does not coordinate this plan)."""


class AlreadyAnswered(Exception):
    """Someone answered the proposal before this answer arrived; `found` is how it stands now."""

    def __init__(self, found):
        super().__init__("already answered")
        self.found = found


class StaleProposal(Exception):
    """The goal changed (the person edited their words) since the coordinator read it at
    `read_version`; `goal` is how it stands now."""

    def __init__(self, goal: Goal, read_version: int):
        super().__init__("stale proposal")
        self.goal = goal
        self.read_version = read_version


class MeetingOver(Exception):
    """A topic cannot go onto the agenda of a meeting that has ended: it is answered instead."""

    def __init__(self, topic: MeetingTopic):
        super().__init__("meeting over")
        self.found = topic


@dataclass(frozen=True)
class Proposals:
    goals: list[Goal]
    topics: list[MeetingTopic]


def plan_to_answer(session: Session, staff: StaffActor, plan_id: int):
    """The plan, if the staff member is its appointed coordinator; None otherwise (a KE officer of
    the municipality reads the plan on its own page, with a reason, and does not answer for the
    coordinator)."""
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    if found is None or found[1] != PlanAccess.COORDINATOR:
        return None
    return found[0]


@use_case
def waiting(session: Session, staff: StaffActor, plan: Plan) -> Proposals:
    """The plan's proposed goals and topics, after the look is in the person's access log."""
    audit.staff_opened_plan(session, staff, plan, PlanAccess.COORDINATOR)
    session.commit()
    goals = session.scalars(
        select(Goal).where(Goal.plan_id == plan.id, Goal.status == PROPOSED).order_by(Goal.position, Goal.id)
    )
    topics = session.scalars(
        select(MeetingTopic)
        .join(Meeting, MeetingTopic.meeting_id == Meeting.id)
        .where(Meeting.plan_id == plan.id, MeetingTopic.status == PROPOSED)
        .options(selectinload(MeetingTopic.meeting), selectinload(MeetingTopic.author))
        .order_by(Meeting.starts_at, MeetingTopic.created_at, MeetingTopic.id)
    )
    return Proposals(list(goals), list(topics))


def _own_plan(session: Session, actor: StaffForPerson) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.owner_id == actor.subject.id))
    if plan is None or plan.coordinator_id != actor.staff.member.id:
        raise NotInPlan()
    return plan


def _goal(session: Session, actor: StaffForPerson, goal_id: int) -> tuple[Plan, Goal]:
    plan = _own_plan(session, actor)
    goal = session.scalar(select(Goal).where(Goal.id == goal_id, Goal.plan_id == plan.id))
    if goal is None:
        raise NotInPlan()
    return plan, goal


def _answer_goal(
    session: Session,
    actor: StaffForPerson,
    goal_id: int,
    version: int,
    event: EventName,
    values: dict,
    details: dict | None = None,
) -> Goal:
    plan, goal = _goal(session, actor, goal_id)
    result = session.execute(
        update(Goal)
        .where(Goal.id == goal.id, Goal.version == version, Goal.status == PROPOSED)
        .values(
            **values,
            # The person's words as they proposed them, kept whatever the coordinator agrees to.
            proposed_text=func.coalesce(Goal.proposed_text, Goal.text),
            answered_by_id=actor.staff.member.id,
            answered_at=utcnow(),
            version=Goal.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        now = session.get(Goal, goal.id, populate_existing=True)
        if now.status != PROPOSED:
            raise AlreadyAnswered(now)
        raise StaleProposal(now, version)
    answer = values["answer"]
    # On the goal, so a goal a child keeps from her parents keeps these rows from them too.
    audit.by_actor(session, actor, f"goal.{answer}", "goal", goal.id, {"answer": answer})
    plan_changes.record(session, actor, plan.id, event, goal_id=goal.id, details=details)
    session.commit()
    return session.get(Goal, goal.id, populate_existing=True)


@use_case
def agree(session: Session, actor: StaffForPerson, goal_id: int, version: int) -> Goal:
    """The proposed goal goes into the plan as the person wrote it."""
    return _answer_goal(
        session, actor, goal_id, version, EventName.GOAL_AGREED, {"status": "agreed", "answer": "agreed"}
    )


@use_case
def agree_changed(
    session: Session, actor: StaffForPerson, goal_id: int, version: int, new_text: str, life_area: str | None = None
) -> Goal:
    """The goal goes into the plan in the words agreed with the person; theirs stay beside them.
    The same words as proposed are an agreement as written: nothing was changed."""
    _plan, goal = _goal(session, actor, goal_id)
    if new_text == goal.text and life_area in (None, goal.life_area):
        return agree(session, actor, goal_id, version)
    values = {"status": "agreed", "answer": "agreed_changed", "text": new_text}
    if life_area is not None:
        values["life_area"] = life_area
    return _answer_goal(
        session, actor, goal_id, version, EventName.GOAL_AGREED_CHANGED, values, {"goal_text": new_text}
    )


@use_case
def not_now(session: Session, actor: StaffForPerson, goal_id: int, version: int, reason: str) -> Goal:
    """Not part of the plan now, with a reason in plain words that the person reads."""
    if not reason or not reason.strip() or len(reason) > REASON_MAX:
        raise ValueError("a reason in plain words is needed")
    values = {"status": "not_now", "answer": "not_now", "answer_reason": reason}
    return _answer_goal(session, actor, goal_id, version, EventName.GOAL_NOT_NOW, values)


def answered_already(
    session: Session, actor: StaffForPerson, goal_id: int | None = None, topic_id: int | None = None
) -> Goal | MeetingTopic | None:
    """The goal or topic as it stands, if it has been answered already (then a form for it, however
    it was filled in, meets an answer: 409, not its own field errors); None while it waits.
    NotInPlan for another plan's."""
    if goal_id is not None:
        _plan, found = _goal(session, actor, goal_id)
    else:
        _plan, found = _topic(session, actor, topic_id)
    return found if found.status != "proposed" else None


def _topic(session: Session, actor: StaffForPerson, topic_id: int) -> tuple[Plan, MeetingTopic]:
    plan = _own_plan(session, actor)
    topic = session.scalar(
        select(MeetingTopic)
        .join(Meeting, MeetingTopic.meeting_id == Meeting.id)
        .where(MeetingTopic.id == topic_id, Meeting.plan_id == plan.id)
    )
    if topic is None:
        raise NotInPlan()
    return plan, topic


def _answer_topic(session: Session, actor: StaffForPerson, topic_id: int, event: EventName, values: dict):
    """The topic taken in (or MeetingOver, AlreadyAnswered); recorded on its meeting, as its proposal was."""
    plan, topic = _topic(session, actor, topic_id)
    if event == EventName.TOPIC_ON_AGENDA and topic.meeting.ends_at <= utcnow():
        raise MeetingOver(topic)
    # A topic has no version: still being proposed is what the coordinator read.
    result = session.execute(
        update(MeetingTopic)
        .where(MeetingTopic.id == topic.id, MeetingTopic.status == PROPOSED)
        .values(**values, answered_by_id=actor.staff.member.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise AlreadyAnswered(session.get(MeetingTopic, topic.id, populate_existing=True))
    audit.by_actor(
        session, actor, f"meeting.topic_{values['status']}", "meeting", topic.meeting_id, {"topic": topic.id}
    )
    plan_changes.record(session, actor, plan.id, event, details={"meeting_id": topic.meeting_id, "topic_id": topic.id})
    session.commit()
    return session.get(MeetingTopic, topic.id, populate_existing=True)


@use_case
def take_onto_agenda(session: Session, actor: StaffForPerson, topic_id: int) -> MeetingTopic:
    """The proposed topic goes onto its meeting's agenda."""
    return _answer_topic(session, actor, topic_id, EventName.TOPIC_ON_AGENDA, {"status": "on_agenda"})


@use_case
def answer_topic(session: Session, actor: StaffForPerson, topic_id: int, answer: str) -> MeetingTopic:
    """The proposed topic answered in words the person reads, instead of at the meeting."""
    if not answer or not answer.strip() or len(answer) > ANSWER_MAX:
        raise ValueError("an answer in plain words is needed")
    return _answer_topic(session, actor, topic_id, EventName.TOPIC_ANSWERED, {"status": "answered", "answer": answer})
