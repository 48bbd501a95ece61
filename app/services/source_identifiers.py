"""A municipal system's own identifiers for what it created through the FHIR API
(app/models/source_identifier.py): a create that names one is made once, however often it is
sent. The identifier is claimed (and committed) before the create, under a unique index, so of
two retries in the same instant one creates and the other finds it; a claim whose create failed
is released, and one left by a crashed process is taken over after CLAIM_TIMEOUT."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import SourceIdentifier
from app.models.base import utcnow

CLAIM_TIMEOUT = timedelta(minutes=2)


@dataclass(frozen=True)
class Claim:
    """What a claim found: `claim_id` to fulfil when this request creates, or the `resource_id`
    the identifier already names, or neither while another request is creating it (busy)."""

    claim_id: int | None = None
    resource_id: int | None = None
    claimed_at: object = None  # this request's own mark on the claim: a claim taken over since is not its to touch

    @property
    def busy(self) -> bool:
        return self.claim_id is None and self.resource_id is None


def claim(session: Session, municipality_id: int, resource_type: str, system: str, value: str) -> Claim:
    key = (
        SourceIdentifier.municipality_id == municipality_id,
        SourceIdentifier.resource_type == resource_type,
        SourceIdentifier.system == system,
        SourceIdentifier.value == value,
    )
    row = SourceIdentifier(municipality_id=municipality_id, resource_type=resource_type, system=system, value=value)
    try:
        session.add(row)
        session.commit()
        return Claim(claim_id=row.id, claimed_at=row.claimed_at)
    except IntegrityError:
        session.rollback()
    held = session.scalar(select(SourceIdentifier).where(*key))
    if held is None:  # released between our insert and our look: try once more
        return claim(session, municipality_id, resource_type, system, value)
    if held.resource_id is not None:
        return Claim(resource_id=held.resource_id)
    if utcnow() - held.claimed_at > CLAIM_TIMEOUT:
        taken = take_over(session, held.id, held.claimed_at)
        if taken is not None:
            return Claim(claim_id=held.id, claimed_at=taken)
    return Claim()


def take_over(session: Session, claim_id: int, claimed_at):
    """The claim for this request, when it is still as it was seen (nobody took it meanwhile);
    also for an identifier whose resource is gone (a measure deleted), to create it anew. Returns
    the claim's new mark, or None when someone else took it first."""
    now = utcnow()
    taken = session.execute(
        update(SourceIdentifier)
        .where(SourceIdentifier.id == claim_id, SourceIdentifier.claimed_at == claimed_at)
        .values(resource_id=None, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return now if taken.rowcount == 1 else None


def held_claim(session: Session, municipality_id: int, resource_type: str, resource_id: int) -> SourceIdentifier | None:
    return session.scalar(
        select(SourceIdentifier).where(
            SourceIdentifier.municipality_id == municipality_id,
            SourceIdentifier.resource_type == resource_type,
            SourceIdentifier.resource_id == resource_id,
        )
    )


def _mine(found: Claim):
    return (SourceIdentifier.id == found.claim_id, SourceIdentifier.claimed_at == found.claimed_at)


def fulfil(session: Session, found: Claim, resource_id: int) -> None:
    """The identifier names what this request made, if the claim is still its own."""
    session.execute(
        update(SourceIdentifier)
        .where(*_mine(found), SourceIdentifier.resource_id.is_(None))
        .values(resource_id=resource_id)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def release(session: Session, found: Claim) -> None:
    """The claim given up after its create failed, if it is still this request's own."""
    session.rollback()
    session.execute(delete(SourceIdentifier).where(*_mine(found), SourceIdentifier.resource_id.is_(None)))
    session.commit()


def identifiers_of(
    session: Session, municipality_id: int, resource_type: str, resource_ids: Iterable[int]
) -> dict[int, list[tuple[str, str]]]:
    """{resource id: [(system, value)]} for a page of resources, in one statement: the reading
    municipality's systems' own only (a person who moved keeps the old municipality's to itself)."""
    ids = list(resource_ids)
    found: dict[int, list[tuple[str, str]]] = {resource_id: [] for resource_id in ids}
    if ids:
        for resource_id, system, value in session.execute(
            select(SourceIdentifier.resource_id, SourceIdentifier.system, SourceIdentifier.value)
            .where(
                SourceIdentifier.municipality_id == municipality_id,
                SourceIdentifier.resource_type == resource_type,
                SourceIdentifier.resource_id.in_(ids),
            )
            .order_by(SourceIdentifier.id)
        ):
            found[resource_id].append((system, value))
    return found
