"""Who may act for whom in the demo data, so each case can be tried with `make run`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.actor import DEMO_IMPORT, SystemActor
from app.domain.identity_numbers import parse
from app.domain.rules import AttorneyScope, Basis, GuardianMandate
from app.models import Person, Representation
from app.services import power_of_attorney, registered_rights

RELATIONS: list[dict] = [
    # Randi Berg is Ola's verge for personal and health matters.
    {
        "holder": "21866229012",
        "represented": "03899807153",
        "basis": Basis.GUARDIAN,
        "scopes": [GuardianMandate.PERSONAL, GuardianMandate.HEALTH],
        "reference": "Vergemål registrert av Statsforvalteren (demodata)",
    },
    # Per Hansen is the father of Emma (under 12) and of Jonas (16 since 2025: access has ended).
    {"holder": "30849009334", "represented": "07811674014", "basis": Basis.PARENT, "scopes": []},
    {"holder": "30849009334", "represented": "19880994991", "basis": Basis.PARENT, "scopes": []},
    # Nils Lund is Sara's father (12–15: restricted) and holds a read-only fullmakt from Kari.
    {"holder": "11917539245", "represented": "15821286864", "basis": Basis.PARENT, "scopes": []},
    {
        "holder": "11917539245",
        "represented": "12838502510",
        "basis": Basis.POWER_OF_ATTORNEY,
        "scopes": [AttorneyScope.READ],
        "valid_from": date(2026, 1, 1),
    },
]


def upsert_relations(session: Session) -> int:
    """Each right only where the same holder, person and basis has none: loading twice changes
    nothing, and one revoked since stays revoked. A parent's or a verge's right is registered by
    the demo import as the municipality's system would; Kari gives her fullmakt herself."""
    people = {p.pid: p for p in session.scalars(select(Person))}
    for data in RELATIONS:
        holder, represented = people[data["holder"]], people[data["represented"]]
        known = session.scalar(
            select(Representation.id)
            .where(
                Representation.holder_id == holder.id,
                Representation.represented_id == represented.id,
                Representation.basis == str(data["basis"]),
            )
            .limit(1)
        )
        if known is not None:
            continue
        if data["basis"] == Basis.POWER_OF_ATTORNEY:
            power_of_attorney.grant(
                session,
                represented,
                parse(holder.pid),
                holder.name,
                [str(s) for s in data["scopes"]],
                None,
                data["valid_from"],
            )
        else:
            registered_rights.register(
                session,
                SystemActor(DEMO_IMPORT, represented),
                holder,
                data["basis"],
                data["scopes"],
                reference=data.get("reference"),
            )
    return len(RELATIONS)
