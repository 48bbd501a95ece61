"""Registered representations, judged by the rules of law for a given day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.domain import clock, rules
from app.models import Person, Representation
from app.services import audit
from app.services.transaction import use_case


def rule_person(person: Person) -> rules.Person:
    return rules.Person(person.birth_date, person.protected_address, person.lacks_capacity)


def judge(representation: Representation, day: date) -> rules.Grant:
    revoked_on = clock.local_date(representation.revoked_at) if representation.revoked_at else None
    return rules.grant_for(
        rules.Relation(
            basis=rules.Basis(representation.basis),
            represented=rule_person(representation.represented),
            holder=rule_person(representation.holder),
            valid_from=representation.valid_from,
            valid_to=representation.valid_to,
            revoked_on=revoked_on,
            scopes=frozenset(representation.scopes or []),
        ),
        day,
    )


def held_by(session: Session, holder_id: int) -> list[Representation]:
    return list(
        session.scalars(select(Representation).where(Representation.holder_id == holder_id).order_by(Representation.id))
    )


def usable_by(session: Session, holder_id: int, day: date) -> list[tuple[Representation, rules.Grant]]:
    """The people this person may act for today, each with what they may do."""
    judged = [(r, judge(r, day)) for r in held_by(session, holder_id)]
    return [(r, g) for r, g in judged if g.capabilities]


def find_held(session: Session, holder_id: int, representation_id: int) -> Representation | None:
    """A representation by id, only if this person holds it: guessed ids find nothing."""
    return session.scalar(
        select(Representation).where(Representation.id == representation_id, Representation.holder_id == holder_id)
    )


def judged(representations: list[Representation], day: date) -> list[tuple[Representation, rules.Grant]]:
    """Each representation with what it gives on `day`, or why nothing."""
    return [(r, judge(r, day)) for r in representations]


def usable_held(session: Session, holder_id: int, representation_id: int, day: date) -> Representation | None:
    """A representation this person holds and may act by today; None for a guessed id or an ended right."""
    found = find_held(session, holder_id, representation_id)
    return found if found is not None and judge(found, day).capabilities else None


def now_decides_alone(session: Session, person: Person, day: date) -> bool:
    """A 16- or 17-year-old whose parents acted for them: they are told that they now decide."""
    if rules.age_on(person.birth_date, day) not in (rules.HEALTH_CONSENT_AGE, rules.HEALTH_CONSENT_AGE + 1):
        return False
    return bool(
        session.scalar(
            select(
                exists().where(
                    Representation.represented_id == person.id, Representation.basis == rules.Basis.PARENT.value
                )
            )
        )
    )


@use_case
def start_acting(session: Session, person: Person, representation_id: int, day: date) -> Representation | None:
    """Begin acting for someone: a row in their access log says who, from when and on what basis.

    None for a guessed or forged id, or a right that has ended (and no hint which)."""
    representation = find_held(session, person.id, representation_id)
    if representation is None or not judge(representation, day).capabilities:
        return None
    audit.record(
        session,
        actor_id=person.id,
        subject_id=representation.represented_id,
        basis=representation.basis,
        action="representation.acting_started",
        object_type="representation",
        object_id=representation.id,
    )
    session.commit()
    return representation
