"""Synthetic demo data (DOMAIN.md §2, §7). Loading it twice changes nothing."""
from __future__ import annotations

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.models import Municipality

# Contact details as the municipalities publish them (DOMAIN.md §2).
MUNICIPALITIES: list[dict] = [
    {
        "slug": "askoy",
        "name": "Askøy",
        "written_locale": "nb",
        "unit_name": "Koordinerende enhet for habilitering og rehabilitering",
        "phone": "56 15 83 83",
        "switchboard": "56 15 80 00",
        "email": "ke@askoy.kommune.no",
        "postal_address": "Postboks 323, 5323 Kleppestø",
    },
    {
        "slug": "luster",
        "name": "Luster",
        "written_locale": "nn",
        "unit_name": "Tenestekontoret, Helsesenteret",
        "phone": "57 68 57 15",
        "postal_address": "Postboks 104, 6866 Gaupne",
        "visiting_address": "Øyagata 4, 6868 Gaupne",
    },
    {
        "slug": "alesund",
        "name": "Ålesund",
        "written_locale": "nb",
        "unit_name": "Koordinerende enhet / Tildelingskontoret for helse- og omsorgstjenester",
        "phone": "70 16 22 00",
    },
    {
        "slug": "horten",
        "name": "Horten",
        "written_locale": "nb",
        "unit_name": "Helse- og boligservice",
        "phone": "975 50 356",
        "phone_opens": time(9, 0),
        "phone_closes": time(14, 0),
        "switchboard": "33 08 50 00",
        "email": "postmottak@horten.kommune.no",
        "postal_address": "Postboks 10, 3191 Horten",
        "visiting_address": "Teatergata 11, 3187 Horten",
        "office_opens": time(8, 0),
        "office_closes": time(15, 0),
    },
]


def _upsert_municipalities(session: Session) -> int:
    existing = {m.slug: m for m in session.scalars(select(Municipality))}
    for data in MUNICIPALITIES:
        municipality = existing.get(data["slug"]) or Municipality(slug=data["slug"])
        for key, value in data.items():
            setattr(municipality, key, value)
        session.add(municipality)
    return len(MUNICIPALITIES)


def load(session: Session | None = None) -> dict[str, int]:
    session = session or db.db_session()
    counts = {"municipalities": _upsert_municipalities(session)}
    session.commit()
    return counts
