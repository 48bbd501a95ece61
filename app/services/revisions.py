"""Revising a plan (pbrl: the plan is evaluated with the person at its revision date): what went
well, what changes, and the plan as it stood, kept as a numbered version the person reads in the
plan's history. Only the plan's coordinator revises it; a parent who may not see a goal the child
keeps private never sees it in a version either (filtered when read, by goal ids)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from app.domain import clock
from app.domain.events import EventName
from app.domain.staff_access import PlanAccess, StaffActor, StaffForPerson
from app.models import Goal, Measure, Participant, Plan, PlanRevision
from app.services import audit, plan_changes, staff_plans
from app.services.meeting_reads import may_keep_from_parents
from app.services.schedule import AbsurdSchedule, parts
from app.services.transaction import use_case

WORDS_MAX = 5000


class StalePlan(Exception):
    """The plan changed since the form was shown; `plan` is the plan as it is now."""

    def __init__(self, plan: Plan):
        super().__init__("stale plan")
        self.plan = plan


class RevisionRefused(ValueError):
    """What the use case was given cannot be a revision: {field: [code, …]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("revision refused")
        self.errors = errors


def plan_to_revise(session: Session, staff: StaffActor, plan_id: int) -> Plan | None:
    """The plan, if the staff member is its coordinator: a KE officer reads a plan, never revises it."""
    found = staff_plans.plan_for_staff(session, staff, plan_id)
    return found[0] if found is not None and found[1] == PlanAccess.COORDINATOR else None


def revisions_of(session: Session, plan_id: int) -> list[PlanRevision]:
    """The plan's versions, newest first."""
    return list(
        session.scalars(
            select(PlanRevision).where(PlanRevision.plan_id == plan_id).order_by(PlanRevision.number.desc())
        )
    )


def latest(session: Session, plan: Plan | None) -> PlanRevision | None:
    if plan is None:
        return None
    return session.scalar(
        select(PlanRevision).where(PlanRevision.plan_id == plan.id).order_by(PlanRevision.number.desc()).limit(1)
    )


def _check(went_well: str, changes: str, next_revision: date) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in (("went_well", went_well), ("changes", changes)):
        if not (value or "").strip():
            errors[name] = ["required"]
        elif len(value) > WORDS_MAX:
            errors[name] = ["too_long"]
    if next_revision is None or next_revision <= clock.today():
        errors["next_revision"] = ["after_today"]
    if errors:
        raise RevisionRefused(errors)


@use_case
def revise(
    session: Session,
    actor: StaffForPerson,
    plan: Plan,
    version: int,
    went_well: str,
    changes: str,
    next_revision: date,
    private_from_parents: bool = False,
) -> PlanRevision:
    """The revision recorded with the person: the plan's next revision set (a conditional UPDATE on
    the version the form was read at: StalePlan if someone changed the plan since), a new numbered
    version with the plan as it stands, its event and its audit row, in one transaction. The words
    are kept from the parents only while the person is 12–15 (before, parents decide; after, they
    see nothing anyway)."""
    _check(went_well, changes, next_revision)
    result = session.execute(
        update(Plan)
        .where(Plan.id == plan.id, Plan.version == version)
        .values(next_revision=next_revision, version=Plan.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        session.expire_all()
        raise StalePlan(session.get(Plan, plan.id))
    session.expire(plan)
    number = (session.scalar(select(func.max(PlanRevision.number)).where(PlanRevision.plan_id == plan.id)) or 0) + 1
    revision = PlanRevision(
        plan_id=plan.id,
        number=number,
        staff_member_id=actor.staff.member.id,
        went_well=went_well.strip(),
        changes=changes.strip(),
        private_from_parents=private_from_parents and may_keep_from_parents(plan),
        snapshot=snapshot(session, plan),
    )
    session.add(revision)
    plan_changes.record(
        session,
        actor,
        plan.id,
        EventName.PLAN_REVISED,
        details={"number": number, "next_revision": next_revision.isoformat()},
    )
    audit.by_actor(
        session, actor, action="plan.revised", object_type="plan", object_id=plan.id, details={"number": number}
    )
    session.commit()
    return revision


def snapshot(session: Session, plan: Plan) -> dict:
    """The plan's content as plain JSON: its period, its agreed goals, who takes part (with the
    goals they serve), the measures with when they happen. Four statements, however big the plan."""
    current = session.scalar(
        select(Plan)
        .where(Plan.id == plan.id)
        .options(selectinload(Plan.goals), selectinload(Plan.participants).selectinload(Participant.goals))
    )
    measures = session.scalars(
        select(Measure)
        .where(Measure.plan_id == plan.id)
        .options(selectinload(Measure.schedule))
        .order_by(Measure.position)
    )
    return {
        "version": current.version,
        "period_start": _day(current.period_start),
        "period_end": _day(current.period_end),
        "next_revision": _day(current.next_revision),
        "coordinator_name": current.coordinator_name,
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "life_area": g.life_area,
                "own_resources": g.own_resources,
                "network_help": g.network_help,
                "needs": g.needs,
                "private_from_parents": g.private_from_parents,
            }
            for g in current.goals
            if g.status == "agreed"
        ],
        "participants": [
            {
                "kind": p.kind,
                "service": p.service,
                "name": p.name,
                "role": p.role,
                "helps_with": p.helps_with,
                "phone": p.phone,
                "goal_ids": [g.id for g in p.goals],
            }
            for p in current.participants
        ],
        "measures": [
            {
                "what": m.what,
                "how_much": m.how_much,
                "service_name": m.service_name,
                "responsible_role": m.responsible_role,
                "how": m.how,
                "goal_id": m.goal_id,
                "schedule": [_when(e.recurrence, e.duration_minutes) for e in m.schedule],
            }
            for m in measures
        ],
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _when(recurrence: str, minutes: int) -> dict:
    """A schedule as the history shows it: the first start, whether it repeats, how long."""
    try:
        start, rule = parts(recurrence)
    except AbsurdSchedule:
        return {"recurrence": recurrence, "minutes": minutes}
    return {"recurrence": recurrence, "first_start": start.isoformat(), "repeats": rule is not None, "minutes": minutes}


def words_hidden(actor, revision: PlanRevision | None) -> bool:
    """Whether this reader may not read what the coordinator wrote at the revision."""
    return bool(revision is not None and revision.private_from_parents and actor.hides_private_items)


def version_for_actor(session: Session, actor, plan: Plan, number: int) -> dict | None:
    """The plan's version `number` as this reader may see it, or None: a goal the child keeps from
    her parents (then or now) is left out, with the measures for it and the helpers who serve only
    such goals. The caller has recorded the read (plans.plan_for_actor)."""
    revision = session.scalar(
        select(PlanRevision).where(PlanRevision.plan_id == plan.id, PlanRevision.number == number)
    )
    if revision is None:
        return None
    content = dict(revision.snapshot or {})
    if actor.hides_private_items:
        private_now = session.scalars(select(Goal.id).where(Goal.plan_id == plan.id, Goal.private_from_parents))
        hidden = set(private_now) | {g["id"] for g in content.get("goals", []) if g.get("private_from_parents")}
        content["goals"] = [g for g in content.get("goals", []) if g["id"] not in hidden]
        content["measures"] = [m for m in content.get("measures", []) if m.get("goal_id") not in hidden]
        content["participants"] = [
            p for p in content.get("participants", []) if not (p.get("goal_ids") and set(p["goal_ids"]) <= hidden)
        ]
    return {"revision": revision, "content": _readable(content), "words_hidden": words_hidden(actor, revision)}


def _readable(content: dict) -> dict:
    """The snapshot's dates and times as the templates format them."""
    for name in ("period_start", "period_end", "next_revision"):
        content[name] = date.fromisoformat(content[name]) if content.get(name) else None
    content["measures"] = [
        {
            **m,
            "schedule": [
                {**e, "first_start": datetime.fromisoformat(e["first_start"])} if e.get("first_start") else e
                for e in m.get("schedule", [])
            ],
        }
        for m in content.get("measures", [])
    ]
    return content
