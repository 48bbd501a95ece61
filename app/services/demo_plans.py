"""Demo plans for the demo persons who have one (DOMAIN.md §7), goals in their own words."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Goal, Person, Plan

PLANS: dict[str, dict] = {
    "12838502510": {  # Kari Nordmann, Askøy
        "coordinator_name": "Line Haugland", "coordinator_phone": "56 15 83 83",
        "period": (date(2026, 1, 15), date(2027, 1, 15)), "next_revision": date(2026, 12, 10),
        "goals": [("health", "Jeg vil gå tur i nærmiljøet tre ganger i uka uten å få vondt."),
                  ("work", "Jeg vil prøve å jobbe to dager i uka igjen.")],
    },
    "03899807153": {  # Ola Berg, Luster: writes Nynorsk
        "coordinator_name": "Ingrid Myklebust", "coordinator_phone": "57 68 57 15",
        "period": (date(2026, 3, 1), date(2027, 3, 1)), "next_revision": date(2026, 12, 1),
        "goals": [("leisure", "Eg vil gå på kino med ein ven ein gong i månaden."),
                  ("daily-living", "Eg vil lage frukost sjølv.")],
    },
    "07811674014": {  # Emma Hansen, Ålesund, under 12
        "coordinator_name": "Kristin Vik", "coordinator_phone": "70 16 22 00",
        "period": (date(2026, 8, 1), date(2027, 6, 30)), "next_revision": date(2027, 1, 20),
        "goals": [("school", "Jeg vil være med i friminuttet sammen med de andre."),
                  ("leisure", "Jeg vil begynne på svømming.")],
    },
    "15821286864": {  # Sara Lund, Horten, 12–15: one goal kept from her parents
        "coordinator_name": "Hanne Ruud", "coordinator_phone": "975 50 356",
        "period": (date(2026, 2, 1), date(2027, 2, 1)), "next_revision": date(2026, 12, 15),
        "goals": [("school", "Jeg vil klare en hel skoledag uten å gå hjem tidlig."),
                  ("health", "Jeg vil snakke med noen om hvordan jeg har det, uten at mamma og pappa vet det.", True)],
    },
}


def upsert_plans(session: Session) -> int:
    people = {p.pid: p for p in session.scalars(select(Person).where(Person.pid.in_(PLANS)))}
    for pid, data in PLANS.items():
        owner = people[pid]
        plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id)) or Plan(owner_id=owner.id)
        plan.coordinator_name, plan.coordinator_phone = data["coordinator_name"], data["coordinator_phone"]
        plan.period_start, plan.period_end = data["period"]
        plan.next_revision = data["next_revision"]
        if not plan.goals:  # the person's own later goals are never overwritten
            plan.goals = [Goal(position=i, life_area=g[0], text=g[1], private_from_parents=len(g) > 2 and g[2])
                          for i, g in enumerate(data["goals"])]
        session.add(plan)
    return len(PLANS)
