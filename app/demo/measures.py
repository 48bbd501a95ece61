"""Demo measures with schedules, and one coming koordineringsmøte, for each demo plan.

Times are Norwegian wall-clock times; rules are RFC 5545 RRULE values (app/services/schedule.py).
A measure may serve one of the plan's goals (its position in demo_plans.py); Sara's talks with
the school nurse serve the goal she keeps from her parents, so they must not see them either."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.staff import writer_for
from app.domain import clock
from app.domain.clock import OSLO, today
from app.models import Goal, Measure, Meeting, Person, Plan
from app.services import planning
from app.services.planning import MeasureDetails, Occurrence

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def measure(what, service, role, how_much, how, *schedule, goal: int | None = None) -> dict:
    """`schedule`: (first local start, RRULE value or None, minutes) for each time pattern."""
    return {
        "what": what,
        "service_name": service,
        "responsible_role": role,
        "how_much": how_much,
        "how": how,
        "schedule": schedule,
        "goal": goal,
    }


MEASURES: dict[str, list[dict]] = {
    "12838502510": [  # Kari Nordmann, Askøy
        measure(
            "Hjelp med medisiner",
            "Hjemmesykepleien Askøy",
            "Sykepleier",
            "To ganger i uka, 30 minutter",
            "Sykepleieren kommer hjem og legger medisinene i dosett.",
            (datetime(2026, 1, 5, 8), "FREQ=WEEKLY;BYDAY=MO,TH", 30),
        ),
        measure(
            "Trening med fysioterapeut",
            "Fysioterapitjenesten",
            "Fysioterapeut",
            "Én time i uka",
            "Trening i gangen på helsehuset, med øvelser å gjøre hjemme.",
            (datetime(2026, 1, 7, 13), "FREQ=WEEKLY;BYDAY=WE", 60),
            goal=0,
        ),
        measure(
            "Samtale om arbeid",
            "NAV Askøy",
            "Veileder",
            "Én gang i måneden",
            "Vi snakker om arbeidstrening to dager i uka.",
            (datetime(2026, 1, 6, 10), "FREQ=MONTHLY;BYDAY=1TU", 45),
            goal=1,
        ),
    ],
    "03899807153": [  # Ola Berg, Luster: Nynorsk
        measure(
            "Dagsenter",
            "Dagsenteret i Gaupne",
            "Miljøterapeut",
            "Tre dagar i veka",
            "Ola vert henta med buss klokka 09.",
            (datetime(2026, 3, 3, 9), "FREQ=WEEKLY;BYDAY=TU,WE,FR", 300),
        ),
        measure(
            "Hjelp til å lage frukost",
            "Heimetenesta i Luster",
            "Helsefagarbeidar",
            "Kvar morgon",
            "Ola lagar frukosten sjølv, med hjelp berre når han spør.",
            (datetime(2026, 3, 2, 7, 30), "FREQ=DAILY", 45),
            goal=1,
        ),
    ],
    "07811674014": [  # Emma Hansen, Ålesund
        measure(
            "Assistent i friminuttet",
            "Skolen",
            "Skoleassistent",
            "Alle skoledager",
            "Assistenten er med ut og hjelper Emma inn i leken.",
            (datetime(2026, 8, 17, 10), WEEKDAYS, 30),
            goal=0,
        ),
        measure(
            "Svømmetrening",
            "Fysioterapitjenesten",
            "Barnefysioterapeut",
            "Én time i uka",
            "I bassenget på Åse, sammen med en venn.",
            (datetime(2026, 8, 20, 17), "FREQ=WEEKLY;BYDAY=TH", 60),
            goal=1,
        ),
        measure(
            "Kontroll hos barnelegen",
            "Barneavdelingen, Ålesund sjukehus",
            "Barnelege",
            "Én gang",
            "Mamma eller pappa blir med.",
            (datetime(2026, 12, 3, 10), None, 60),
        ),
    ],
    "15821286864": [  # Sara Lund, Horten
        measure(
            "Hjelp i timene",
            "Skolen",
            "Skoleassistent",
            "Hver skoledag til sommerferien",
            "Assistenten sitter ved siden av Sara i de første timene.",
            (datetime(2026, 8, 17, 8, 30), WEEKDAYS + ";UNTIL=20270618T220000Z", 180),
            goal=0,
        ),
        measure(
            "Samtale med helsesykepleier",
            "Skolehelsetjenesten",
            "Helsesykepleier",
            "Én gang i uka",
            "På helsesykepleierens kontor på skolen, i en time Sara velger selv.",
            (datetime(2026, 8, 19, 12), "FREQ=WEEKLY;BYDAY=WE", 30),
            goal=1,
        ),
    ],
}

MEETINGS: dict[str, dict] = {
    "12838502510": {
        "place": "Helsehuset på Kleppestø, møterom 2",
        "invited": ["Kari Nordmann", "Line Haugland, koordinator", "Fysioterapeut", "NAV-veileder"],
    },
    "03899807153": {
        "place": "Helsesenteret i Gaupne",
        "invited": ["Ola Berg", "Randi Berg, verje", "Ingrid Myklebust, koordinator", "Dagsenteret"],
    },
    "07811674014": {
        "place": "Skolen, møterommet ved biblioteket",
        "invited": ["Per Hansen", "Kristin Vik, koordinator", "Kontaktlærer", "Barnefysioterapeut"],
    },
    "15821286864": {
        "place": "Helse- og boligservice, Teatergata 11",
        "invited": ["Sara Lund", "Nils Lund", "Hanne Ruud, koordinator", "Kontaktlærer"],
    },
}


def _next_weekday(day: date) -> date:
    """The next working day after `day`, so the meeting lands in this week or the next."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def upsert_measures(session: Session) -> int:
    """Measures only for a plan with none, a meeting only for one with none to come: loading twice
    changes nothing. Written by the plan's coordinator where the demo has one, through the same use
    cases as the staff side's pages."""
    plans = {
        plan.owner.pid: plan
        for plan in session.scalars(
            select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid.in_(MEASURES))
        )
    }
    now = clock.now()
    for pid, measures in MEASURES.items():
        plan = plans[pid]
        system = writer_for(session, plan)
        if session.scalar(select(Measure.id).where(Measure.plan_id == plan.id).limit(1)) is None:
            goals = list(session.scalars(select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position)))
            for data in measures:
                details = MeasureDetails(
                    what=data["what"],
                    service_name=data["service_name"],
                    responsible_role=data["responsible_role"],
                    how_much=data["how_much"],
                    how=data["how"],
                    schedule=[Occurrence(start, rule, minutes) for start, rule, minutes in data["schedule"]],
                )
                goal = None if data["goal"] is None else goals[data["goal"]]
                planning.add_measure(session, system, plan, details, goal)
        if session.scalar(select(Meeting.id).where(Meeting.plan_id == plan.id, Meeting.ends_at > now).limit(1)) is None:
            starts = datetime.combine(_next_weekday(today()), time(10), OSLO)
            meeting = MEETINGS[pid]
            planning.schedule_meeting(
                session, system, plan, starts, starts + timedelta(minutes=90), meeting["place"], meeting["invited"]
            )
    return len(MEASURES)
