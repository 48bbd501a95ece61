"""Synthetic demo data, in the order it depends on itself. Loading it twice changes nothing."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.demo.cases import upsert_cases
from app.demo.consents import upsert_consents
from app.demo.measures import upsert_measures
from app.demo.meetings import upsert_meetings
from app.demo.plans import upsert_plans
from app.demo.proposals import upsert_proposals
from app.demo.relations import upsert_relations
from app.demo.revisions import revise_karis_plan
from app.demo.staff import upsert_staff
from app.demo.visits import cancel_a_visit_this_week
from app.domain.identity_numbers import parse
from app.models import Municipality, Person

# Contact details as the municipalities publish them.
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


# The synthetic test persons. Their numbers have month + 80: never real people.
# `locale` and `easy_read` are only the starting choices; a person's own later choices stay.
PERSONS: list[dict] = [
    {"pid": "12838502510", "name": "Kari Nordmann", "municipality": "askoy", "locale": "nb", "easy_read": False},
    {"pid": "03899807153", "name": "Ola Berg", "municipality": "luster", "locale": "nn", "easy_read": True},
    {"pid": "21866229012", "name": "Randi Berg", "municipality": None},
    {"pid": "07811674014", "name": "Emma Hansen", "municipality": "alesund"},
    {"pid": "30849009334", "name": "Per Hansen", "municipality": None},
    {"pid": "19880994991", "name": "Jonas Hansen", "municipality": "alesund"},
    {"pid": "15821286864", "name": "Sara Lund", "municipality": "horten"},
    {"pid": "11917539245", "name": "Nils Lund", "municipality": None},
    {"pid": "02915533658", "name": "Arne Vik", "municipality": "horten"},
    # Askøy, no plan: Liv can ask for one and follow her case; Eva's and Tone's requests wait on
    # the koordinerende enhet's desk (app/demo/cases.py).
    {"pid": "09849130010", "name": "Liv Solberg", "municipality": "askoy"},
    {"pid": "17906830043", "name": "Eva Strand", "municipality": "askoy"},
    {"pid": "02827930078", "name": "Tone Kleppe", "municipality": "askoy"},
]


def _upsert_municipalities(session: Session) -> int:
    existing = {m.slug: m for m in session.scalars(select(Municipality))}
    for data in MUNICIPALITIES:
        municipality = existing.get(data["slug"]) or Municipality(slug=data["slug"])
        for key, value in data.items():
            setattr(municipality, key, value)
        session.add(municipality)
    return len(MUNICIPALITIES)


def _upsert_persons(session: Session) -> int:
    municipalities = {m.slug: m for m in session.scalars(select(Municipality))}
    existing = {p.pid: p for p in session.scalars(select(Person).where(Person.pid.in_([d["pid"] for d in PERSONS])))}
    for data in PERSONS:
        person = existing.get(data["pid"])
        if person is None:
            person = Person(pid=data["pid"], locale=data.get("locale"), easy_read=data.get("easy_read"))
            session.add(person)
        person.name = data["name"]
        person.birth_date = parse(data["pid"]).birth_date
        person.municipality = municipalities.get(data["municipality"]) if data["municipality"] else None
    return len(PERSONS)


def load(session: Session | None = None) -> dict[str, int]:
    session = session or db.db_session()
    counts = {"municipalities": _upsert_municipalities(session)}
    session.flush()
    counts["persons"] = _upsert_persons(session)
    session.flush()
    counts["relations"] = upsert_relations(session)
    counts["staff"] = upsert_staff(session)  # before the plans: their coordinators write them
    session.flush()
    counts["plans"] = upsert_plans(session)
    session.flush()
    counts["measures"] = upsert_measures(session)
    session.flush()
    counts["consents"] = upsert_consents(session)
    session.commit()
    counts["cases"] = upsert_cases(session)
    counts["proposals"] = upsert_proposals(session)
    session.commit()
    counts["visit_exceptions"] = cancel_a_visit_this_week(session)
    counts["revisions"] = revise_karis_plan(session)
    counts["meetings"] = upsert_meetings(session)
    return counts
