"""A plan's changes made ready to tell the person in plain words: who did it (the coordinator by
name, the person themselves, someone acting for them, the municipality) and the details the
sentence needs (times and dates read back from the change's JSON). The sentences themselves are in
app/templates/plan/_change_words.html; what may be seen is decided by app/services/plan_changes.py.

Names are looked up for a page of changes at once: one query for staff, one for persons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Goal, MeetingTopic, Person, Plan, PlanChange, StaffMember
from app.services import plan_changes

# At most this many changes are told on Min side and at the top of the plan; the rest are in the history.
NEWS_SHOWN = 3

# The details keys that hold a moment (ISO 8601, UTC) or a day (ISO 8601), read back as such.
MOMENT_KEYS = ("when", "new_when")
DAY_KEYS = ("start", "end", "next_revision", "consented_on")


@dataclass(frozen=True)
class Told:
    """One change as the reader is told of it."""

    change: PlanChange
    # "you" (the reader), "owner" (the person the reader acts for), "coordinator" (of this plan),
    # "staff" (someone else in the municipality), "person" (someone else), "municipality".
    who: str
    who_name: str
    details: dict[str, Any]

    @property
    def name(self) -> str:
        return self.change.name

    @property
    def occurred_at(self) -> datetime:
        return self.change.occurred_at


@dataclass(frozen=True)
class News:
    """What is new to the reader: the newest few, and whether there are more than those."""

    changes: list[Told]
    more: bool

    def __bool__(self) -> bool:
        return bool(self.changes)


def _read_details(details: dict | None) -> dict[str, Any]:
    """The change's details, with moments and days as such; a value that does not read is left out,
    so the sentence is told without it rather than not at all."""
    read = dict(details or {})
    for key in MOMENT_KEYS:
        if key in read:
            try:
                moment = datetime.fromisoformat(str(read[key]))
                read[key] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            except ValueError:
                del read[key]
    for key in DAY_KEYS:
        if key in read:
            try:
                read[key] = date.fromisoformat(str(read[key])[:10])
            except ValueError:
                del read[key]
    return read


def _first_name(name: str | None) -> str:
    return name.split()[0] if name and name.strip() else ""


def _coordinates(plan: Plan, member_id: int, name: str) -> bool:
    """Whether the staff member is the plan's coordinator; a plan whose coordinator was named before
    staff logged in (by name only) knows them by that name."""
    if plan.coordinator_id is not None:
        return plan.coordinator_id == member_id
    return bool(name) and name == plan.coordinator_name


def _words_now(session: Session, changes: list[PlanChange]) -> tuple[dict, dict]:
    """The goals' and topics' words as they are now, for changes recorded without them: the
    goal's text (and, once answered, the proposal and the reason), the topic's text and answer."""
    goal_ids = {c.goal_id for c in changes if c.goal_id and c.name.startswith("goal.")}
    topic_ids = {t for c in changes if isinstance(t := (c.details or {}).get("topic_id"), int)}
    goals = {
        row.id: {"goal_text": row.text, "proposed_text": row.proposed_text or row.text, "reason": row.answer_reason}
        for row in _rows(session, select(Goal.id, Goal.text, Goal.proposed_text, Goal.answer_reason), Goal, goal_ids)
    }
    topics = {
        row.id: {"topic": row.text, "answer": row.answer}
        for row in _rows(
            session, select(MeetingTopic.id, MeetingTopic.text, MeetingTopic.answer), MeetingTopic, topic_ids
        )
    }
    return goals, topics


def _rows(session: Session, query, model, ids: set) -> list:
    """The rows of `ids`; none asked, no statement (most pages' news names no goal or topic, or no one)."""
    return session.execute(query.where(model.id.in_(ids))).all() if ids else []


def _details(change: PlanChange, goals: dict, topics: dict) -> dict[str, Any]:
    """The details the change was recorded with; what it left out, from the rows as they are now."""
    now = {**goals.get(change.goal_id, {}), **topics.get((change.details or {}).get("topic_id"), {})}
    given = {key: value for key, value in (change.details or {}).items() if value not in (None, "")}
    return _read_details({**{k: v for k, v in now.items() if v}, **given})


def _told(session: Session, actor, plan: Plan, changes: list[PlanChange]) -> list[Told]:
    goals, topics = _words_now(session, changes)
    staff_ids = {c.staff_member_id for c in changes if c.staff_member_id}
    person_ids = {c.person_id for c in changes if c.person_id}
    staff = dict(_rows(session, select(StaffMember.id, StaffMember.name), StaffMember, staff_ids))
    people = dict(_rows(session, select(Person.id, Person.name), Person, person_ids))
    told = []
    for change in changes:
        if change.staff_member_id:
            who_name = staff.get(change.staff_member_id) or ""
            who = "coordinator" if _coordinates(plan, change.staff_member_id, who_name) else "staff"
        elif change.person_id and not (change.basis or "").startswith("system:"):
            if change.person_id == actor.person.id:
                who, who_name = "you", ""
            elif change.person_id == actor.subject.id:
                who, who_name = "owner", _first_name(people.get(change.person_id))
            else:
                who, who_name = "person", people.get(change.person_id) or ""
        else:
            who, who_name = "municipality", ""
        if who in ("staff", "owner", "person") and not who_name:
            who = "municipality" if who == "staff" else "someone"
        told.append(Told(change, who, who_name, _details(change, goals, topics)))
    return told


def news_for_actor(session: Session, actor, plan: Plan, seen: plan_changes.Seen | None = None) -> News:
    """What changed in the plan since the reader last looked, newest first (at most NEWS_SHOWN)."""
    changes = plan_changes.new_since_last_seen(session, actor, plan.id, limit=NEWS_SHOWN + 1, seen=seen)
    return News(_told(session, actor, plan, changes[:NEWS_SHOWN]), more=len(changes) > NEWS_SHOWN)


def history_for_actor(session: Session, actor, plan: Plan, page: int) -> tuple[list[Told], int]:
    """A page of the plan's history as the reader may see it, newest first, and how many in all."""
    changes, total = plan_changes.history(session, actor, plan.id, page)
    return _told(session, actor, plan, changes), total
