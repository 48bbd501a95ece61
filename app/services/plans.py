"""Reading a plan and saying how a goal is going, as the actor may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.domain import Actor
from app.models import Goal, GoalEvaluation, Measure, Meeting, MeetingTopic, Person, Plan
from app.models.base import utcnow
from app.models.measure import topic_digest
from app.services import audit, privacy
from app.services.read_once import read_before, remember
from app.services.reads import reading
from app.services.transaction import use_case

RATINGS = ("good", "some", "hard")


def plan_row(session: Session, owner_id: int) -> Plan | None:
    """The plan's own row, for a part that needs no more of it (its goals load if touched)."""
    plan = read_before(session, ("plan", owner_id))
    if plan is None:
        plan = session.scalar(select(Plan).where(Plan.owner_id == owner_id))
        if plan is not None:
            remember(session, ("plan", owner_id), plan)
    return plan


def plan_for(session: Session, owner_id: int, hide_private: bool = False) -> Plan | None:
    """The plan with its goals and their evaluations, in a fixed number of queries; with
    `hide_private`, without the helpers who serve only goals kept from parents.

    Records no read: to show a plan to an actor, use `plan_for_actor`."""
    if (plan := read_before(session, ("plan", owner_id, hide_private))) is not None:
        return plan
    plan = session.scalar(
        select(Plan)
        .where(Plan.owner_id == owner_id)
        .options(selectinload(Plan.goals).selectinload(Goal.evaluations), joinedload(Plan.participants))
    )
    if plan is not None and hide_private and (hidden := privacy.participants_kept_from_parents(session, plan.id)):
        # As loaded, not as a change: the helpers stay in the plan, only this reader's copy lacks them.
        set_committed_value(plan, "participants", [p for p in plan.participants if p.id not in hidden])
    owner = session.identity_map.get(identity_key(Person, owner_id))  # loaded by the request already, or None
    if owner is not None and "plan" not in owner.__dict__:
        # The person's `plan` is this one (or none): the navigation asks, and need not ask the database again.
        set_committed_value(owner, "plan", plan)
    if plan is not None:
        remember(session, ("plan", owner_id, hide_private), plan)
        remember(session, ("plan", owner_id), plan)
    return plan


def visible_measures_query(plan_id: int, hide_private: bool):
    """The plan's measures, without those for private goals when `hide_private`: a measure for a
    goal kept from parents would give the goal away."""
    query = select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.position)
    if hide_private:
        private = select(Goal.id).where(Goal.plan_id == plan_id, Goal.private_from_parents)
        query = query.where(or_(Measure.goal_id.is_(None), Measure.goal_id.not_in(private)))
    return query


def measures_for(session: Session, plan: Plan | None, actor: Actor) -> list:
    """The plan's measures (tiltak): what, how much, who is responsible, how."""
    if plan is None:
        return []
    return list(session.scalars(visible_measures_query(plan.id, actor.hides_private_items)))


def visible_goals(plan: Plan, actor: Actor) -> list[Goal]:
    """A parent of a 12–15-year-old never sees the goals the child keeps private."""
    hidden = actor.hides_private_items
    return [goal for goal in plan.goals if not (hidden and goal.private_from_parents)]


def record_plan_read(session: Session, actor: Actor, plan: Plan) -> None:
    """Every read by someone other than the owner is in the owner's access log."""
    reading(session, actor, "plan.read", object_type="plan", object_id=plan.id)


def plan_seen_by(session: Session, actor: Actor) -> Plan | None:
    """The plan of the person the actor acts for, as the actor may see it; records no read (the
    caller records it once it has shown something of it)."""
    return plan_for(session, actor.subject.id, actor.hides_private_items)


def plan_for_actor(session: Session, actor: Actor) -> Plan | None:
    """The plan of the person the actor acts for, to show them; the read is recorded."""
    plan = plan_for(session, actor.subject.id, actor.hides_private_items)
    if plan is not None:
        record_plan_read(session, actor, plan)
    return plan


def goal_for_actor(session: Session, actor: Actor, goal_id: int) -> Goal | None:
    """A goal in the plan of the person the actor acts for, and visible to them, to show them;
    else None. The read is recorded."""
    goal = goal_to_change(session, actor, goal_id)
    if goal is not None:
        record_plan_read(session, actor, goal.plan)
    return goal


def goal_to_change(session: Session, actor: Actor, goal_id: int) -> Goal | None:
    """The goal as `goal_for_actor` finds it, for a change whose own audit row says what was done.

    With its evaluations, their authors and who changed it last, in a fixed number of queries."""
    goal = session.scalar(
        select(Goal)
        .join(Plan, Goal.plan_id == Plan.id)
        .where(Goal.id == goal_id, Plan.owner_id == actor.subject.id)
        .options(
            selectinload(Goal.evaluations).selectinload(GoalEvaluation.author),
            selectinload(Goal.changed_by),
            selectinload(Goal.plan),
        )
    )
    if goal is None or (actor.hides_private_items and goal.private_from_parents):
        return None
    return goal


class FormAlreadyUsed(Exception):
    """A form token that already stored something else: a replayed form with other answers."""


@use_case
def evaluate(
    session: Session, actor: Actor, goal: Goal, rating: str, comment: str | None, form_token: str | None = None
) -> GoalEvaluation:
    """Store "Hvordan går det?" once per form: the same form sent again (a double click, a replay,
    requests at the same moment) returns the evaluation the first one stored."""
    comment = comment or None
    if form_token is not None and (stored := _evaluation_from_form(session, actor, form_token)) is not None:
        return _same_or_refused(stored, goal, rating, comment)
    evaluation = GoalEvaluation(
        goal_id=goal.id,
        rating=rating,
        comment=comment,
        author_id=actor.person.id,
        basis=actor.basis,
        form_token=form_token,
    )
    session.add(evaluation)
    try:
        session.flush()
    except IntegrityError:  # the same form at the same moment: the other request stored it
        session.rollback()
        return _same_or_refused(_evaluation_from_form(session, actor, form_token), goal, rating, comment)
    audit.by_actor(
        session,
        actor,
        action="goal.evaluated",
        object_type="goal",
        object_id=goal.id,
        details={"rating": rating},
    )
    session.commit()
    return evaluation


def _evaluation_from_form(session: Session, actor: Actor, form_token: str) -> GoalEvaluation | None:
    return session.scalar(
        select(GoalEvaluation).where(
            GoalEvaluation.author_id == actor.person.id, GoalEvaluation.form_token == form_token
        )
    )


def _same_or_refused(stored: GoalEvaluation, goal: Goal, rating: str, comment: str | None) -> GoalEvaluation:
    if (stored.goal_id, stored.rating, stored.comment) != (goal.id, rating, comment):
        raise FormAlreadyUsed()
    return stored


@use_case
def set_private(session: Session, actor: Actor, goal: Goal, private: bool, expected: bool) -> bool:
    """Keep a goal from parents or show it again; False (and no change) if someone changed it meanwhile.

    One conditional UPDATE on the state the form showed decides, so of two requests at once
    (two tabs, a double click) exactly one changes it and the other is told it was changed meanwhile."""
    if private == expected:  # nothing asked to change: true only if nothing changed since
        return goal.private_from_parents == expected
    result = session.execute(
        update(Goal)
        .where(Goal.id == goal.id, Goal.private_from_parents == expected)
        .values(private_from_parents=private)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    audit.by_actor(
        session,
        actor,
        action="goal.privacy_changed",
        object_type="goal",
        object_id=goal.id,
        details={"private_from_parents": private},
    )
    session.commit()
    session.refresh(goal)
    return True


@dataclass(frozen=True)
class GoalWords:
    """The parts of a goal the person writes in their own words."""

    text: str
    own_resources: str | None
    network_help: str | None
    needs: str | None

    @classmethod
    def of(cls, goal: Goal) -> GoalWords:
        return cls(goal.text, goal.own_resources, goal.network_help, goal.needs)


@use_case
def change_goal(session: Session, actor: Actor, goal: Goal, words: GoalWords, read_version: int) -> bool:
    """Save new words for a goal unless someone changed it since `read_version` was read.

    One conditional UPDATE decides: of two people saving at once, exactly one wins, and the
    other gets False and is shown both versions instead of silently overwriting."""
    before = GoalWords.of(goal)
    if before == words:  # nothing to change: whoever saved last wrote the same, nothing is lost
        return True
    result = session.execute(
        update(Goal)
        .where(Goal.id == goal.id, Goal.version == read_version)
        .values(
            text=words.text,
            own_resources=words.own_resources,
            network_help=words.network_help,
            needs=words.needs,
            version=Goal.version + 1,
            changed_by_id=actor.person.id,
            changed_basis=actor.basis,
            changed_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    changed = [
        name
        for name in ("text", "own_resources", "network_help", "needs")
        if getattr(before, name) != getattr(words, name)
    ]
    audit.by_actor(
        session,
        actor,
        action="goal.changed",
        object_type="goal",
        object_id=goal.id,
        details={"fields": changed},
    )
    session.commit()
    session.refresh(goal)
    return True


def next_meeting(session: Session, plan: Plan, now: datetime):
    """The next koordineringsmøte with its proposed topics, or None."""
    return session.scalar(
        select(Meeting)
        .where(Meeting.plan_id == plan.id, Meeting.ends_at > now)
        .order_by(Meeting.starts_at)
        .limit(1)
        .options(selectinload(Meeting.topics).selectinload(MeetingTopic.author))
    )


def meeting_for_actor(session: Session, actor: Actor, meeting_id: int, now: datetime):
    """A meeting still to come in the plan of the person the actor acts for, to show them; else
    None. The read is recorded."""
    meeting = meeting_to_change(session, actor, meeting_id, now)
    if meeting is not None:
        reading(session, actor, "plan.read", object_type="plan", object_id=meeting.plan_id)
    return meeting


def meeting_to_change(session: Session, actor: Actor, meeting_id: int, now: datetime):
    """The meeting as `meeting_for_actor` finds it, for a change whose own audit row says what was done."""
    return session.scalar(
        select(Meeting)
        .join(Plan, Meeting.plan_id == Plan.id)
        .where(Meeting.id == meeting_id, Plan.owner_id == actor.subject.id, Meeting.ends_at > now)
    )


@use_case
def propose_topic(session: Session, actor: Actor, meeting, text: str):
    """Add a topic for the meeting; the same words twice from the same person add nothing twice,
    even when both requests arrive at once (the database keeps the words' digest unique)."""

    def existing():
        return session.scalar(
            select(MeetingTopic).where(
                MeetingTopic.meeting_id == meeting.id,
                MeetingTopic.author_id == actor.person.id,
                MeetingTopic.text_digest == topic_digest(text),
            )
        )

    if (found := existing()) is not None:
        return found
    topic = MeetingTopic(
        meeting_id=meeting.id, text=text, text_digest=topic_digest(text), author_id=actor.person.id, basis=actor.basis
    )
    session.add(topic)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return existing()
    audit.by_actor(
        session,
        actor,
        action="meeting.topic_proposed",
        object_type="meeting",
        object_id=meeting.id,
    )
    session.commit()
    return topic
