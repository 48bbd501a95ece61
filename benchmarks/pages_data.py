"""Synthetic data for the page benchmark (benchmarks/pages.py): the demo data, then Askøy with
2 000 plans of synthetic people (month + 80: never a real person), among them one person with a
big plan and one with a small one, built alike but for their size, both coordinated by Line
Haugland (whose caseload grows to CASELOAD_BIG plans; Mona Fjeld's holds CASELOAD_SMALL)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo import data as demo_data
from app.demo.staff import demo_issuer, demo_subject
from app.domain import clock, identity_numbers
from app.domain.vocabulary import LIFE_AREAS
from app.models import Goal, Measure, Municipality, Participant, Person, Plan, StaffMember
from app.models.measure import ScheduleEntry
from app.models.plan import ParticipantGoal
from tests.concurrency.numbers import synthetic_adults

PLANS = 2_000
BATCH = 250
CASELOAD_BIG, CASELOAD_SMALL = 60, 3


@dataclass(frozen=True)
class Shape:
    goals: int
    measures: int  # each with a visit on Mondays and Thursdays: two a week
    participants: int


# The big plan: 100 goals, 50 measures, so 100 visits a week; the small one an ordinary plan.
BIG = Shape(goals=100, measures=50, participants=20)
SMALL = Shape(goals=3, measures=2, participants=3)
OTHER = Shape(goals=2, measures=1, participants=1)


@dataclass(frozen=True)
class Loaded:
    big_pid: str
    small_pid: str
    big_plan_id: int
    small_plan_id: int
    big_person_id: int
    small_person_id: int
    big_goal_id: int
    small_goal_id: int


def _numbers(count: int) -> list[str]:
    """`count` synthetic adults' numbers, at most 100 born on each day (the generator's range)."""
    taken = {person["pid"] for person in demo_data.PERSONS}
    numbers: list[str] = []
    for month, day in itertools.product(range(1, 13), range(1, 29)):
        numbers += [n for n in itertools.islice(synthetic_adults(day=day, month=month, year=74), 100) if n not in taken]
        if len(numbers) >= count:
            return numbers[:count]
    raise RuntimeError("not enough synthetic numbers")


def _plan(person_id: int, shape: Shape, coordinator_id: int | None, n: int) -> Plan:
    today = clock.today()
    plan = Plan(
        owner_id=person_id,
        coordinator_id=coordinator_id,
        coordinator_name="Line Haugland" if coordinator_id else None,
        consented_on=today - timedelta(days=200),
        period_start=today - timedelta(days=190),
        period_end=today + timedelta(days=175),
        next_revision=today + timedelta(days=120),
    )
    plan.goals = [
        Goal(
            position=i,
            life_area=LIFE_AREAS[(n + i) % len(LIFE_AREAS)],
            text=f"Jeg vil klare mål nummer {i + 1} på egen hånd.",
            own_resources="Jeg prøver litt hver dag.",
            needs="Litt hjelp i starten.",
        )
        for i in range(shape.goals)
    ]
    plan.participants = [
        Participant(
            position=i,
            kind=("service", "agency", "relative")[i % 3],
            service=f"Tjeneste {i + 1}",
            role="Kontaktperson",
            helps_with="Følger opp målene.",
        )
        for i in range(shape.participants)
    ]
    return plan


def _measures(plan: Plan, shape: Shape) -> list[Measure]:
    start = clock.today() - timedelta(days=180)
    measures = []
    for i in range(shape.measures):
        measure = Measure(
            plan_id=plan.id,
            position=i,
            what=f"Tiltak {i + 1}",
            how_much="To ganger i uka",
            service_name="Hjemmetjenesten",
            goal_id=plan.goals[i % len(plan.goals)].id,
        )
        measure.schedule = [
            ScheduleEntry(
                recurrence=f"DTSTART;TZID=Europe/Oslo:{start:%Y%m%d}T{8 + i % 8:02d}0000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH",
                duration_minutes=30,
            )
        ]
        measures.append(measure)
    return measures


def _staff_id(session: Session, username: str) -> int:
    return session.scalar(
        select(StaffMember.id).where(StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject(username))
    )


def load(session: Session) -> Loaded:
    """Inside an app context whose STAFF_OIDC_DISCOVERY_URL is the staff stand-in's (the demo staff's issuer)."""
    demo_data.load(session)
    askoy = session.scalar(select(Municipality).where(Municipality.slug == "askoy"))
    line, mona = _staff_id(session, "line.haugland"), _staff_id(session, "mona.fjeld")
    numbers = _numbers(PLANS)
    plans: list[Plan] = []
    for start in range(0, PLANS, BATCH):
        batch = numbers[start : start + BATCH]
        people = [
            Person(
                pid=pid,
                name=f"Syntetisk Person {start + i + 1}",
                birth_date=identity_numbers.parse(pid).birth_date,
                municipality_id=askoy.id,
            )
            for i, pid in enumerate(batch)
        ]
        session.add_all(people)
        session.flush()
        for i, person in enumerate(people):
            n = start + i
            shape = BIG if n == 0 else SMALL if n == 1 else OTHER
            coordinator = line if n < CASELOAD_BIG - 2 else mona if n < CASELOAD_BIG - 2 + CASELOAD_SMALL else None
            plans.append(_plan(person.id, shape, coordinator, n))
        session.add_all(plans[start:])
        session.flush()
        for i, plan in enumerate(plans[start:]):
            n = start + i
            shape = BIG if n == 0 else SMALL if n == 1 else OTHER
            session.add_all(_measures(plan, shape))
            session.add_all(
                ParticipantGoal(participant_id=participant.id, goal_id=plan.goals[j % len(plan.goals)].id)
                for j, participant in enumerate(plan.participants)
            )
        session.commit()
    big, small = plans[0], plans[1]
    return Loaded(
        big_pid=numbers[0],
        small_pid=numbers[1],
        big_plan_id=big.id,
        small_plan_id=small.id,
        big_person_id=big.owner_id,
        small_person_id=small.owner_id,
        big_goal_id=big.goals[0].id,
        small_goal_id=small.goals[0].id,
    )
