"""Granting and revoking a fullmakt: by someone 16 or older, to someone 18 or
older, never to oneself, with scopes and an optional last day; revocable at any time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import rules
from app.domain.identity_numbers import IdentityNumber
from app.models import Person, Representation
from app.models.base import utcnow
from app.services import audit
from app.services.people import find_by_pid, person_with_number
from app.services.transaction import use_case


class CannotGrant(ValueError):
    """Why a fullmakt cannot be given, as a field and a reason the page turns into words."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def _fullmakter(session: Session, side, person_id: int) -> list[Representation]:
    return list(
        session.scalars(
            select(Representation)
            .where(side == person_id, Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value)
            .order_by(Representation.created_at.desc())
        )
    )


def given_by(session: Session, person_id: int) -> list[Representation]:
    return _fullmakter(session, Representation.represented_id, person_id)


def received_by(session: Session, person_id: int) -> list[Representation]:
    return _fullmakter(session, Representation.holder_id, person_id)


def _in_force(session: Session, grantor: Person, holder: Person) -> Representation | None:
    """The grantor's unrevoked fullmakt to this holder, if any (the database allows one)."""
    return session.scalar(
        select(Representation).where(
            Representation.represented_id == grantor.id,
            Representation.holder_id == holder.id,
            Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value,
            Representation.revoked_at.is_(None),
        )
    )


def _same_terms(representation: Representation, name: str, scopes: list[str], valid_to: date | None) -> bool:
    return (
        representation.holder_name == name
        and representation.scopes == sorted(set(scopes))
        and representation.valid_to == valid_to
    )


def refusal(
    session: Session,
    grantor: Person,
    number: IdentityNumber,
    name: str | None,
    scopes: list[str] | None,
    valid_to: date | None,
    day: date,
) -> str | None:
    """Why this fullmakt cannot be given (`CannotGrant`'s reasons), or None when it can: asked by
    the form, so a refusal is said together with the form's other errors. Changes nothing; `grant`
    judges again, since another request may give one in between."""
    if number.value == grantor.pid:
        return "self"
    if rules.age_on(grantor.birth_date, day) < rules.HEALTH_CONSENT_AGE:
        return "grantor_too_young"
    if rules.age_on(number.birth_date, day) < rules.ADULT_AGE:
        return "holder_too_young"
    holder = find_by_pid(session, number.value)
    existing = _in_force(session, grantor, holder) if holder is not None else None
    if existing is not None and (existing.valid_to is None or existing.valid_to >= day):
        if not _same_terms(existing, name, scopes or [], valid_to):
            return "already_granted"
    return None


@use_case
def grant(
    session: Session,
    grantor: Person,
    number: IdentityNumber,
    name: str,
    scopes: list[str],
    valid_to: date | None,
    day: date,
) -> Representation:
    """Give a fullmakt; the same one sent again (a double click, requests at once) is the one given.

    The name is the grantor's word for the holder and is kept with the grant: it never becomes the
    holder's own name, and whether the number is already known changes nothing in the answer."""
    reason = refusal(session, grantor, number, name, scopes, valid_to, day)
    if reason is not None:
        raise CannotGrant("pid", reason)
    holder = person_with_number(session, number)
    existing = _in_force(session, grantor, holder)
    if existing is not None and (existing.valid_to is None or existing.valid_to >= day):
        if _same_terms(existing, name, scopes, valid_to):
            return existing
        raise CannotGrant("pid", "already_granted")
    if existing is not None:  # it has run out: it ends for good, so the new one is the one in force
        session.execute(
            update(Representation)
            .where(Representation.id == existing.id, Representation.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    representation = Representation(
        holder_id=holder.id,
        represented_id=grantor.id,
        basis=rules.Basis.POWER_OF_ATTORNEY.value,
        scopes=sorted(set(scopes)),
        valid_from=day,
        valid_to=valid_to,
        created_by_id=grantor.id,
        holder_name=name,
    )
    session.add(representation)
    try:
        session.flush()
    except IntegrityError:  # another request gave one at the same moment: judge again against it
        session.rollback()
        return _given_meanwhile(session, grantor, holder.id, name, scopes, valid_to)
    audit.record(
        session,
        actor_id=grantor.id,
        subject_id=grantor.id,
        basis="self",
        action="fullmakt.granted",
        object_type="representation",
        object_id=representation.id,
        details={
            "holder_id": holder.id,
            "scopes": representation.scopes,
            "valid_to": valid_to.isoformat() if valid_to else None,
        },
    )
    session.commit()
    return representation


def _given_meanwhile(
    session: Session, grantor: Person, holder_id: int, name: str, scopes: list[str], valid_to: date | None
) -> Representation:
    holder = session.get(Person, holder_id)
    existing = _in_force(session, grantor, holder)
    if existing is not None and _same_terms(existing, name, scopes, valid_to):
        return existing
    raise CannotGrant("pid", "already_granted")


@use_case
def revoke(session: Session, grantor: Person, representation_id: int) -> Representation | None:
    """Revoke a fullmakt this person gave; None when it is not theirs (a guessed id)."""
    representation = session.scalar(
        select(Representation).where(
            Representation.id == representation_id,
            Representation.represented_id == grantor.id,
            Representation.basis == rules.Basis.POWER_OF_ATTORNEY.value,
        )
    )
    if representation is None:
        return None
    # Conditional, so revoking twice at once (a double click, two tabs) is one revocation, logged once.
    revoked = session.execute(
        update(Representation)
        .where(Representation.id == representation.id, Representation.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=grantor.id)
        .execution_options(synchronize_session=False)
    )
    if revoked.rowcount == 1:
        audit.record(
            session,
            actor_id=grantor.id,
            subject_id=grantor.id,
            basis="self",
            action="fullmakt.revoked",
            object_type="representation",
            object_id=representation.id,
            details={"holder_id": representation.holder_id},
        )
    session.commit()
    session.refresh(representation)
    return representation
