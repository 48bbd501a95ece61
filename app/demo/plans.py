"""Demo plans for the demo persons who have one, goals in their own words. `consented_on` is
given by the person (or whoever consents for them) in app/demo/consents.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.staff import appoint_coordinator, writer_for
from app.domain.actor import DEMO_IMPORT, SystemActor
from app.models import Goal, Participant, Person, Plan
from app.services import planning
from app.services.planning import GoalDetails, ParticipantDetails, PlanDetails


def goal(
    area: str,
    text: str,
    own: str | None = None,
    network: str | None = None,
    needs: str | None = None,
    private: bool = False,
) -> dict:
    return {
        "life_area": area,
        "text": text,
        "own_resources": own,
        "network_help": network,
        "needs": needs,
        "private_from_parents": private,
    }


def helper(
    kind: str,
    service: str,
    name: str | None = None,
    role: str | None = None,
    helps_with: str | None = None,
    phone: str | None = None,
    serves: tuple[int, ...] = (),
) -> dict:
    """A helper; `serves` names the goals (by their place in the plan's list) the helper works for."""
    return {
        "kind": kind,
        "service": service,
        "name": name,
        "role": role,
        "helps_with": helps_with,
        "phone": phone,
        "serves": serves,
    }


PLANS: dict[str, dict] = {
    "12838502510": {  # Kari Nordmann, Askøy
        "coordinator_name": "Line Haugland",
        "coordinator_phone": "56 15 83 83",
        "consented_on": date(2026, 1, 10),
        "period": (date(2026, 1, 15), date(2027, 1, 15)),
        "next_revision": date(2026, 12, 10),
        "goals": [
            goal(
                "health",
                "Jeg vil gå tur i nærmiljøet tre ganger i uka uten å få vondt.",
                own="Jeg går til postkassen hver dag.",
                network="Søsteren min går med meg på lørdager.",
                needs="Trening med fysioterapeut og hjelp til å legge en plan for turene.",
            ),
            goal(
                "work",
                "Jeg vil prøve å jobbe to dager i uka igjen.",
                own="Jeg har jobbet i butikk i ti år.",
                needs="Hjelp fra NAV til å finne en arbeidsplass.",
            ),
        ],
        "helpers": [
            helper(
                "service",
                "Fysioterapitjenesten",
                "Marius Olsen",
                "fysioterapeut",
                "Trening to ganger i uka",
                "56 15 80 00",
                serves=(0,),
            ),
            helper("service", "Fastlegen", "Dr. Aud Lie", "fastlege", "Medisiner og kontroller"),
            helper("agency", "NAV Askøy", None, "veileder", "Arbeidsutprøving", serves=(1,)),
            helper("relative", "Familie", "Marit Nordmann", "søster", "Tur på lørdager"),
        ],
    },
    "03899807153": {  # Ola Berg, Luster: writes Nynorsk
        "coordinator_name": "Ingrid Myklebust",
        "coordinator_phone": "57 68 57 15",
        "consented_on": date(2026, 2, 20),
        "period": (date(2026, 3, 1), date(2027, 3, 1)),
        "next_revision": date(2026, 12, 1),
        "goals": [
            goal(
                "leisure",
                "Eg vil gå på kino med ein ven ein gong i månaden.",
                own="Eg kan kjøpe billett sjølv.",
                network="Randi køyrer meg.",
                needs="Følgje på kinoen.",
            ),
            goal("daily-living", "Eg vil lage frukost sjølv.", needs="Nokon som viser meg korleis."),
        ],
        "helpers": [
            helper("service", "Heimetenesta", None, "miljøarbeidar", "Hjelp om morgonen", "57 68 57 15"),
            helper("service", "Dagsenteret i Gaupne", None, None, "Aktivitetar på dagtid"),
            helper("relative", "Verje", "Randi Berg", "verje", "Personlege forhold og helse"),
        ],
    },
    "07811674014": {  # Emma Hansen, Ålesund, under 12
        "coordinator_name": "Kristin Vik",
        "coordinator_phone": "70 16 22 00",
        "consented_on": date(2026, 7, 1),
        "period": (date(2026, 8, 1), date(2027, 6, 30)),
        "next_revision": date(2027, 1, 20),
        "goals": [
            goal("school", "Jeg vil være med i friminuttet sammen med de andre.", needs="En voksen ute i friminuttet."),
            goal("leisure", "Jeg vil begynne på svømming.", network="Pappa blir med i garderoben."),
        ],
        "helpers": [
            helper("service", "Skolen", None, "assistent", "Følger Emma i friminuttene"),
            helper("service", "Fysioterapitjenesten", None, "barnefysioterapeut", "Trening i basseng"),
            helper("relative", "Familie", "Per Hansen", "pappa", "Svømming og skolevei"),
        ],
    },
    "15821286864": {  # Sara Lund, Horten, 12–15: one goal kept from her parents
        "coordinator_name": "Hanne Ruud",
        "coordinator_phone": "975 50 356",
        "consented_on": date(2026, 1, 20),
        "period": (date(2026, 2, 1), date(2027, 2, 1)),
        "next_revision": date(2026, 12, 15),
        "goals": [
            goal(
                "school",
                "Jeg vil klare en hel skoledag uten å gå hjem tidlig.",
                needs="Et rolig sted å være i pausene.",
            ),
            goal(
                "health",
                "Jeg vil snakke med noen om hvordan jeg har det, uten at mamma og pappa vet det.",
                needs="En fast samtale med helsesykepleier.",
                private=True,
            ),
        ],
        "helpers": [
            # The school nurse serves only the goal Sara keeps private: hidden from her parents with it.
            helper("service", "Skolehelsetjenesten", None, "helsesykepleier", "Samtaler", serves=(1,)),
            helper("service", "Skolen", None, "kontaktlærer", "Tilrettelegging i timene", serves=(0,)),
            helper(
                "agency", "PP-tjenesten i Horten", None, "rådgiver", "Råd til skolen om tilrettelegging", serves=(0,)
            ),
        ],
    },
}


def upsert_plans(session: Session) -> int:
    """A plan, its goals and who takes part, each only where there is none: the person's own later
    goals are never overwritten. Written through the coordinator's own use cases by the plan's
    coordinator where the demo has one (Kari's, Ola's), else as imported from the municipality's records."""
    people = {p.pid: p for p in session.scalars(select(Person).where(Person.pid.in_(PLANS)))}
    for pid, data in PLANS.items():
        owner = people[pid]
        system = SystemActor(DEMO_IMPORT, owner)
        plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id))
        if plan is None:
            start, end = data["period"]
            details = PlanDetails(
                data["coordinator_name"], data["coordinator_phone"], start, end, data["next_revision"]
            )
            plan = planning.create_plan(session, system, details)
        appoint_coordinator(session, plan)
        writer = writer_for(session, plan)
        if session.scalar(select(Goal.id).where(Goal.plan_id == plan.id).limit(1)) is None:
            for goal_data in data["goals"]:
                planning.add_goal(session, writer, plan, GoalDetails(**goal_data))
        if session.scalar(select(Participant.id).where(Participant.plan_id == plan.id).limit(1)) is None:
            goals = list(session.scalars(select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position)))
            for helper_data in data["helpers"]:
                details = {key: value for key, value in helper_data.items() if key != "serves"}
                serves = [goals[i] for i in helper_data["serves"]]
                planning.add_participant(session, writer, plan, ParticipantDetails(**details), serves)
    return len(PLANS)
