"""The coordinator writes what is already in a plan: a goal's words, who takes part and which goals
they serve, a measure and when it happens, the plan period, the consent from paper.

Each use case is a conditional UPDATE (or DELETE) on the version the form was read at, its audit
row, its named domain event and the commit, in one transaction: of two writers at once exactly one
wins, the other gets `Stale` with the row as it is now (None when it was removed). What a change
is about a goal is recorded on that goal, so a change about a goal a child keeps from her parents
is kept from them too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.events import EventName
from app.models import (
    Goal,
    Measure,
    Participant,
    ParticipantGoal,
    Plan,
    ScheduleEntry,
    ScheduleException,
    SourceIdentifier,
)
from app.models.base import utcnow
from app.services import audit, consent_ending, plan_changes, visits
from app.services.plan_parts import (
    AnyActor,
    GoalDetails,
    MeasureDetails,
    Occurrence,
    ParticipantDetails,
    Stale,
    goal_of_record,
    own_goals,
    schedule_entries,
)
from app.services.transaction import use_case
from app.services.versioned import update_if_version


class PlanPartRefused(ValueError):
    """What cannot be written: {field: code} (app/schemas/plan_editor.py puts the codes in words)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("refused")
        self.errors = errors


def _conditional(session: Session, model, row, version: int, **values) -> None:
    """UPDATE … WHERE version = the form's, or Stale with the row as it is now."""
    if not update_if_version(session, model, row.id, version, **values):
        session.rollback()
        raise Stale(session.get(model, row.id))


def _done(session: Session, actor: AnyActor, action: str, object_type: str, object_id, details: dict, row=None):
    audit.by_actor(session, actor, action=action, object_type=object_type, object_id=object_id, details=details)
    session.commit()
    if row is not None:
        session.refresh(row)
    return row


def _on(goal: Goal | None, object_type: str, object_id: int) -> tuple[str, int]:
    """Where the audit row goes: on a goal kept from parents when that is what the thing serves."""
    return ("goal", goal.id) if goal is not None and goal.private_from_parents else (object_type, object_id)


@use_case
def change_goal(session: Session, actor: AnyActor, goal: Goal, version: int, details: GoalDetails) -> Goal:
    """New words, life area, resources and needs for a goal. Whether the child keeps it from her
    parents is hers to say (app/services/plans.py set_private), so it is not changed here."""
    _conditional(
        session,
        Goal,
        goal,
        version,
        life_area=details.life_area,
        text=details.text,
        own_resources=details.own_resources,
        network_help=details.network_help,
        needs=details.needs,
        changed_by_id=None,  # a person's id; the staff member is on the audit row and the change
        changed_basis=actor.basis,
        changed_at=utcnow(),
    )
    plan_changes.record(session, actor, goal.plan_id, EventName.GOAL_CHANGED, goal.id, {"goal_text": details.text})
    return _done(session, actor, "goal.changed", "goal", goal.id, {"life_area": details.life_area}, goal)


def _link_goals(session: Session, participant: Participant, goals: Sequence[Goal]) -> None:
    session.execute(delete(ParticipantGoal).where(ParticipantGoal.participant_id == participant.id))
    session.add_all(ParticipantGoal(participant_id=participant.id, goal_id=goal.id) for goal in goals)


@use_case
def change_participant(
    session: Session,
    actor: AnyActor,
    participant: Participant,
    version: int,
    details: ParticipantDetails,
    goals: Sequence[Goal],
) -> Participant:
    """Who a helper is, how to reach them, what they do and which goals (of this plan) they serve."""
    plan = session.get(Plan, participant.plan_id)
    goals = own_goals(plan, goals)
    try:
        _conditional(session, Participant, participant, version, **asdict(details))
    except Stale as stale:
        raise Stale(_taking_part(stale.current)) from None
    _link_goals(session, participant, goals)
    on_goal = goal_of_record(goals)
    plan_changes.record(
        session,
        actor,
        plan.id,
        EventName.PARTICIPANT_CHANGED,
        on_goal.id if on_goal else None,
        {"service": details.service},
    )
    object_type, object_id = _on(on_goal, "participant", participant.id)
    session.expire(participant, ["goals"])
    return _done(
        session,
        actor,
        "participant.changed",
        object_type,
        object_id,
        {"service": details.service, "participant": participant.id},
        participant,
    )


@use_case
def remove_participant(session: Session, actor: AnyActor, participant: Participant, version: int) -> None:
    """The helper takes part no more: gone from the plan everyone reads, and a sharing consent to
    them ends (app/services/consent_ending.py). The row stays, removed, as the person's consent
    history names them and is kept for ever."""
    on_goal = goal_of_record(participant.goals)
    plan_id, service, participant_id = participant.plan_id, participant.service, participant.id
    result = session.execute(
        update(Participant)
        .where(Participant.id == participant_id, Participant.version == version, Participant.removed_at.is_(None))
        .values(removed_at=utcnow(), version=Participant.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Stale(_taking_part(session.get(Participant, participant_id)))
    plan = session.get(Plan, plan_id)
    consent_ending.end_for_removed_helper(session, actor, plan, participant)
    plan_changes.record(
        session, actor, plan_id, EventName.PARTICIPANT_REMOVED, on_goal.id if on_goal else None, {"service": service}
    )
    object_type, object_id = _on(on_goal, "participant", participant_id)
    try:
        _done(session, actor, "participant.removed", object_type, object_id, {"service": service})
    except StaleDataError:
        # The person changed that consent meanwhile: nothing is removed, the coordinator looks again.
        session.rollback()
        raise Stale(_taking_part(session.get(Participant, participant_id))) from None
    session.expire(plan, ["participants"])
    session.expire(participant)


def _taking_part(participant: Participant | None) -> Participant | None:
    """The helper as they are now, or None when they are no longer in the plan."""
    return participant if participant is not None and participant.removed_at is None else None


@use_case
def change_measure(
    session: Session,
    actor: AnyActor,
    measure: Measure,
    version: int,
    details: MeasureDetails,
    goal: Goal | None,
    schedule: Sequence[Occurrence] | None = None,
) -> Measure:
    """What, how much, who is responsible, how, and the goal (of this plan) it serves; with
    `schedule`, when it happens too, in the same transaction (its own event, SCHEDULE_SET)."""
    plan = session.get(Plan, measure.plan_id)
    own_goals(plan, [goal] if goal is not None else [])
    _conditional(
        session,
        Measure,
        measure,
        version,
        what=details.what,
        service_name=details.service_name,
        responsible_role=details.responsible_role,
        how_much=details.how_much,
        how=details.how,
        goal_id=goal.id if goal is not None else None,
    )
    plan_changes.record(
        session, actor, plan.id, EventName.MEASURE_CHANGED, goal.id if goal else None, {"what": details.what}
    )
    if schedule is not None:
        _replace_schedule(session, measure, schedule)
        plan_changes.record(
            session, actor, plan.id, EventName.SCHEDULE_SET, goal.id if goal else None, {"what": details.what}
        )
        session.expire(measure, ["schedule"])
    object_type, object_id = ("goal", goal.id) if goal is not None else ("measure", measure.id)
    return _done(session, actor, "measure.changed", object_type, object_id, {"measure": measure.id}, measure)


@use_case
def remove_measure(session: Session, actor: AnyActor, measure: Measure, version: int) -> None:
    """The measure is no longer in the plan, nor its schedule."""
    plan_id, goal_id, what, measure_id = measure.plan_id, measure.goal_id, measure.what, measure.id
    result = session.execute(
        delete(Measure)
        .where(Measure.id == measure_id, Measure.version == version)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Stale(session.get(Measure, measure_id))
    session.expunge(measure)
    # A system's identifier for it goes with it: the id may be given again (SQLite reuses the highest).
    session.execute(
        delete(SourceIdentifier).where(
            SourceIdentifier.resource_type == "ServiceRequest", SourceIdentifier.resource_id == measure_id
        )
    )
    plan_changes.record(session, actor, plan_id, EventName.MEASURE_REMOVED, goal_id, {"what": what})
    object_type, object_id = ("goal", goal_id) if goal_id is not None else ("measure", measure_id)
    _done(session, actor, "measure.removed", object_type, object_id, {"measure": measure_id})


def _replace_schedule(session: Session, measure: Measure, occurrences: Sequence[Occurrence]) -> int:
    """The new entries in place of the old. A visit cancelled or moved that the new rules still
    give stays cancelled or moved (the person was told so); one they no longer give is gone with
    its rule. Returns how many were kept."""
    changed = session.scalars(
        select(ScheduleException)
        .join(ScheduleEntry)
        .where(ScheduleEntry.measure_id == measure.id)
        .order_by(ScheduleException.id)
    ).all()
    session.execute(delete(ScheduleEntry).where(ScheduleEntry.measure_id == measure.id))
    entries = schedule_entries(occurrences)
    for entry in entries:
        entry.measure_id = measure.id
        session.add(entry)
    for old in changed:
        # The database deleted it with its entry: a copy must not meet it in the identity map.
        session.expunge(old)
    session.flush()
    kept = visits.kept_on(changed, entries)
    if kept:  # one statement however many
        session.execute(insert(ScheduleException), kept)
    return len(kept)


@use_case
def set_schedule(
    session: Session, actor: AnyActor, measure: Measure, version: int, occurrences: Sequence[Occurrence]
) -> Measure:
    """When the measure happens from now on, in place of what it had; a cancelled or moved visit
    the new rules still give is kept."""
    _conditional(session, Measure, measure, version)
    kept = _replace_schedule(session, measure, occurrences)
    details = {"what": measure.what, "visit_changes_kept": kept}
    plan_changes.record(session, actor, measure.plan_id, EventName.SCHEDULE_SET, measure.goal_id, details)
    object_type, object_id = ("goal", measure.goal_id) if measure.goal_id is not None else ("measure", measure.id)
    session.expire(measure, ["schedule"])
    return _done(session, actor, "measure.schedule_set", object_type, object_id, {"measure": measure.id}, measure)


@use_case
def set_period(
    session: Session, actor: AnyActor, plan: Plan, version: int, start: date, end: date, next_revision: date
) -> Plan:
    """The plan period and its next revision: the end after the start, the revision within the
    period; else PlanPartRefused."""
    errors = {}
    if end <= start:
        errors["period_end"] = "end_before_start"
    if not start <= next_revision <= end:
        errors["next_revision"] = "revision_outside_period"
    if errors:
        raise PlanPartRefused(errors)
    _conditional(session, Plan, plan, version, period_start=start, period_end=end, next_revision=next_revision)
    details = {"start": start.isoformat(), "end": end.isoformat(), "next_revision": next_revision.isoformat()}
    plan_changes.record(session, actor, plan.id, EventName.PLAN_PERIOD_SET, None, details)
    return _done(session, actor, "plan.period_set", "plan", plan.id, details, plan)


@use_case
def record_paper_consent(
    session: Session, actor: AnyActor, plan: Plan, version: int, consented_on: date, witness: str
) -> Plan:
    """The person's consent to the plan, given on paper, recorded by the coordinator with its date
    and who witnessed it."""
    staff_id = actor.staff.member.id if hasattr(actor, "staff") else None
    _conditional(
        session,
        Plan,
        plan,
        version,
        consent_source="paper",
        consented_on=consented_on,
        consent_witness=witness,
        consent_recorded_by_id=staff_id,
    )
    details = {"consented_on": consented_on.isoformat(), "source": "paper"}
    plan_changes.record(session, actor, plan.id, EventName.PLAN_CONSENT_RECORDED, None, details)
    return _done(session, actor, "plan.consent_recorded", "plan", plan.id, details, plan)
