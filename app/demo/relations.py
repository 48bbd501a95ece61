"""Who may act for whom in the demo data, so each case can be tried with `make run`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.rules import AttorneyScope, Basis, GuardianMandate
from app.models import Person, Representation

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
    people = {p.pid: p for p in session.scalars(select(Person))}
    existing = {(r.holder.pid, r.represented.pid, r.basis): r for r in session.scalars(select(Representation))}
    for data in RELATIONS:
        key = (data["holder"], data["represented"], str(data["basis"]))
        relation = existing.get(key)
        if relation is None:
            relation = Representation(
                holder=people[data["holder"]], represented=people[data["represented"]], basis=str(data["basis"])
            )
            session.add(relation)
        relation.scopes = [str(s) for s in data["scopes"]]
        relation.valid_from = data.get("valid_from")
        relation.reference = data.get("reference")
    return len(RELATIONS)
