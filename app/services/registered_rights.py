"""Rights to act for someone that are registered elsewhere and recorded here by the
municipality's system: parental responsibility from the population register, a verge appointed
by the Statsforvalteren, a relative of a person who cannot consent. A fullmakt is never recorded
here: the person gives it in the app (app/services/power_of_attorney.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from app.domain.actor import SystemActor
from app.domain.rules import Basis
from app.models import Person, Representation
from app.services import audit
from app.services.transaction import use_case


@use_case
def register(
    session: Session,
    actor: SystemActor,
    holder: Person,
    basis: Basis,
    scopes: Sequence[str] = (),
    valid_from: date | None = None,
    reference: str | None = None,
) -> Representation:
    """`holder` may act for the person the system acts on, on `basis`, within `scopes` (a verge's mandate)."""
    if basis == Basis.POWER_OF_ATTORNEY:
        raise ValueError("a fullmakt is given by the person, not registered")
    representation = Representation(
        holder_id=holder.id,
        represented_id=actor.subject.id,
        basis=str(basis),
        scopes=[str(s) for s in scopes],
        valid_from=valid_from,
        reference=reference,
    )
    session.add(representation)
    session.flush()
    audit.by_actor(
        session,
        actor,
        action="representation.registered",
        object_type="representation",
        object_id=representation.id,
        details={"holder_id": holder.id, "basis": str(basis)},
    )
    session.commit()
    return representation
