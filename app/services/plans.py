"""Reading a plan and saying how a goal is going, as the actor may (DOMAIN.md §1, §4)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.actor import Actor
from app.models import Goal, GoalEvaluation, Plan
from app.services import audit

RATINGS = ("good", "some", "hard")


def plan_for(session: Session, owner_id: int) -> Plan | None:
    """The plan with its goals and their evaluations, in a fixed number of queries."""
    return session.scalar(
        select(Plan).where(Plan.owner_id == owner_id)
        .options(selectinload(Plan.goals).selectinload(Goal.evaluations), selectinload(Plan.participants))
    )


def measures_for(session: Session, plan: Plan | None) -> list:
    """The plan's measures (tiltak): what, how much, who is responsible, how (DOMAIN.md §1 e, f)."""
    from app.models.measure import Measure

    if plan is None:
        return []
    return list(session.scalars(select(Measure).where(Measure.plan_id == plan.id).order_by(Measure.position)))


def visible_goals(plan: Plan, actor: Actor) -> list[Goal]:
    """A parent of a 12–15-year-old never sees the goals the child keeps private."""
    hidden = actor.grant is not None and actor.grant.hides_private_items
    return [goal for goal in plan.goals if not (hidden and goal.private_from_parents)]


def record_read(session: Session, actor: Actor, plan: Plan) -> None:
    """Every read by someone other than the owner is in the owner's access log (DESIGN.md §5)."""
    if actor.person.id != plan.owner_id:
        audit.record(session, actor_id=actor.person.id, subject_id=plan.owner_id, basis=actor.basis,
                     action="plan.read", object_type="plan", object_id=plan.id)
        session.commit()


def goal_for_actor(session: Session, actor: Actor, goal_id: int) -> Goal | None:
    """A goal in the plan of the person the actor acts for, and visible to them; else None."""
    plan = plan_for(session, actor.subject.id)
    if plan is None:
        return None
    return next((goal for goal in visible_goals(plan, actor) if goal.id == goal_id), None)


def evaluate(session: Session, actor: Actor, goal: Goal, rating: str, comment: str | None) -> GoalEvaluation:
    evaluation = GoalEvaluation(goal_id=goal.id, rating=rating, comment=comment or None,
                                author_id=actor.person.id, basis=actor.basis)
    session.add(evaluation)
    session.flush()
    audit.record(session, actor_id=actor.person.id, subject_id=actor.subject.id, basis=actor.basis,
                 action="goal.evaluated", object_type="goal", object_id=goal.id, details={"rating": rating})
    session.commit()
    return evaluation


def may_keep_goals_private(actor: Actor, day) -> bool:
    """Only the young person themselves, from 12 until 16, keeps goals from parents (DOMAIN.md §4)."""
    from app import representation_rules as rules

    age = rules.age_on(actor.person.birth_date, day)
    return not actor.acting_for_someone and rules.RESTRICTED_FROM_AGE <= age < rules.HEALTH_CONSENT_AGE


def set_private(session: Session, actor: Actor, goal: Goal, private: bool, expected: bool) -> bool:
    """Keep a goal from parents or show it again; False (and no change) if someone changed it meanwhile."""
    if goal.private_from_parents != expected:
        return False
    if goal.private_from_parents != private:
        goal.private_from_parents = private
        audit.record(session, actor_id=actor.person.id, subject_id=actor.subject.id, basis=actor.basis,
                     action="goal.privacy_changed", object_type="goal", object_id=goal.id,
                     details={"private_from_parents": private})
        session.commit()
    return True
