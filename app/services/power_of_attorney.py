"""Granting and revoking a fullmakt (DOMAIN.md §4): by someone 16 or older, to someone 18 or
older, never to oneself, with scopes and an optional last day; revocable at any time."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import representation_rules as rules
from app.identity_numbers import IdentityNumber
from app.models import Person, Representation
from app.models.base import utcnow
from app.services import audit
from app.services.people import find_by_pid


class CannotGrant(ValueError):
    """Why a fullmakt cannot be given, as a field and a reason the page turns into words."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def given_by(session: Session, person_id: int) -> list[Representation]:
    return list(session.scalars(select(Representation).where(
        Representation.represented_id == person_id, Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value,
    ).order_by(Representation.created_at.desc())))


def received_by(session: Session, person_id: int) -> list[Representation]:
    return list(session.scalars(select(Representation).where(
        Representation.holder_id == person_id, Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value,
    ).order_by(Representation.created_at.desc())))


def _holder(session: Session, number: IdentityNumber, name: str) -> Person:
    person = find_by_pid(session, number.value)
    if person is None:
        person = Person(pid=number.value, name=name, birth_date=number.birth_date)
        session.add(person)
        session.flush()
    elif person.name and person.name.casefold() != name.casefold():
        # Number and name must belong together, so a typo cannot hand the plan to a stranger.
        raise CannotGrant("name", "name_mismatch")
    return person


def grant(session: Session, grantor: Person, number: IdentityNumber, name: str, scopes: list[str],
          valid_to: date | None, day: date) -> Representation:
    if number.value == grantor.pid:
        raise CannotGrant("pid", "self")
    if rules.age_on(grantor.birth_date, day) < rules.HEALTH_CONSENT_AGE:
        raise CannotGrant("pid", "grantor_too_young")
    if rules.age_on(number.birth_date, day) < rules.ADULT_AGE:
        raise CannotGrant("pid", "holder_too_young")
    holder = _holder(session, number, name)
    if any(r.holder_id == holder.id and r.revoked_at is None and (r.valid_to is None or r.valid_to >= day)
           for r in given_by(session, grantor.id)):
        raise CannotGrant("pid", "already_granted")
    representation = Representation(
        holder_id=holder.id, represented_id=grantor.id, basis=rules.Basis.POWER_OF_ATTORNEY.value,
        scopes=sorted(set(scopes)), valid_from=day, valid_to=valid_to, created_by_id=grantor.id,
    )
    session.add(representation)
    session.flush()
    audit.record(session, actor_id=grantor.id, subject_id=grantor.id, basis="self", action="fullmakt.granted",
                 object_type="representation", object_id=representation.id,
                 details={"holder_id": holder.id, "scopes": representation.scopes,
                          "valid_to": valid_to.isoformat() if valid_to else None})
    session.commit()
    return representation


def revoke(session: Session, grantor: Person, representation_id: int) -> Representation | None:
    """Revoke a fullmakt this person gave; None when it is not theirs (a guessed id)."""
    representation = session.scalar(select(Representation).where(
        Representation.id == representation_id, Representation.represented_id == grantor.id,
        Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value))
    if representation is None:
        return None
    if representation.revoked_at is None:  # revoking twice (a double click) changes nothing
        representation.revoked_at = utcnow()
        representation.revoked_by_id = grantor.id
        audit.record(session, actor_id=grantor.id, subject_id=grantor.id, basis="self", action="fullmakt.revoked",
                     object_type="representation", object_id=representation.id,
                     details={"holder_id": representation.holder_id})
        session.commit()
    return representation
