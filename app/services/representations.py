"""Registered representations, judged by the rules of law for a given day."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import representation_rules as rules
from app.models import Person, Representation

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    """The date in Norway: a 16th birthday starts at midnight Norwegian time, not UTC."""
    return datetime.now(OSLO).date()


def _rule_person(person: Person) -> rules.Person:
    return rules.Person(person.birth_date, person.protected_address, person.lacks_capacity)


def judge(representation: Representation, day: date) -> rules.Grant:
    revoked_on = representation.revoked_at.astimezone(OSLO).date() if representation.revoked_at else None
    return rules.grant_for(
        rules.Relation(
            basis=rules.Basis(representation.basis),
            represented=_rule_person(representation.represented),
            holder=_rule_person(representation.holder),
            valid_from=representation.valid_from,
            valid_to=representation.valid_to,
            revoked_on=revoked_on,
            scopes=frozenset(representation.scopes or []),
        ),
        day,
    )


def held_by(session: Session, holder_id: int) -> list[Representation]:
    return list(session.scalars(
        select(Representation).where(Representation.holder_id == holder_id).order_by(Representation.id)
    ))


def usable_by(session: Session, holder_id: int, day: date) -> list[tuple[Representation, rules.Grant]]:
    """The people this person may act for today, each with what they may do."""
    judged = [(r, judge(r, day)) for r in held_by(session, holder_id)]
    return [(r, g) for r, g in judged if g.capabilities]


def find_held(session: Session, holder_id: int, representation_id: int) -> Representation | None:
    """A representation by id, only if this person holds it: guessed ids find nothing."""
    return session.scalar(select(Representation).where(
        Representation.id == representation_id, Representation.holder_id == holder_id))
