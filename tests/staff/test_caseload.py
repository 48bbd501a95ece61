"""The coordinator's caseload: each plan with what needs her (the person's proposals, evaluations
saying it is hard, a revision near or passed, a consent about to end, a case's deadline), most
urgent first, counts at the top, and as many SQL statements for thirty plans as for two.

Mona Fjeld coordinates no demo plan, so each test gives her plans of its own and knows all they hold."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from app import db
from app.domain import clock
from app.models import (
    Case,
    Goal,
    GoalEvaluation,
    Meeting,
    MeetingTopic,
    Municipality,
    Participant,
    Person,
    Plan,
    SharingConsent,
)
from app.models.base import utcnow
from tests.staff.sessions import ASKOY_OTHER_COORDINATOR, log_in_staff, staff_member_id

CASELOAD = "/ansatt/planer"
PID_PREFIX = "000000"  # never a real identity number: the check digits do not add up


def _plan(s, coordinator_id: int, number: int, name: str, revision_in: int | None = None) -> Plan:
    askoy = s.scalar(select(Municipality.id).where(Municipality.slug == "askoy"))
    person = Person(
        pid=f"{PID_PREFIX}{number:05d}", name=name, birth_date=clock.today().replace(year=1980), municipality_id=askoy
    )
    s.add(person)
    s.flush()
    revision = clock.today() + timedelta(days=revision_in) if revision_in is not None else None
    plan = Plan(owner_id=person.id, coordinator_id=coordinator_id, next_revision=revision)
    s.add(plan)
    s.flush()
    return plan


def _proposals(s, plan: Plan, goals: int, topics: int) -> None:
    for i in range(goals):
        s.add(Goal(plan_id=plan.id, position=i, life_area="leisure", text=f"Forslag {plan.id}-{i}", status="proposed"))
    meeting = Meeting(
        plan_id=plan.id,
        starts_at=utcnow() + timedelta(days=5),
        ends_at=utcnow() + timedelta(days=5, hours=1),
        place="Rådhuset",
        invited=[],
    )
    s.add(meeting)
    s.flush()
    for i in range(topics):
        s.add(MeetingTopic(meeting_id=meeting.id, text=f"Tema {i}", author_id=plan.owner_id, basis="self"))


def _hard(s, plan: Plan, days_ago: int) -> None:
    goal = Goal(plan_id=plan.id, position=50, life_area="health", text=f"Vanskelig {plan.id}")
    s.add(goal)
    s.flush()
    s.add(
        GoalEvaluation(
            goal_id=goal.id,
            rating="hard",
            author_id=plan.owner_id,
            basis="self",
            created_at=utcnow() - timedelta(days=days_ago),
        )
    )


def _consent_ending(s, plan: Plan, in_days: int) -> None:
    helper = Participant(plan_id=plan.id, kind="service", service="Fastlegen")
    s.add(helper)
    s.flush()
    s.add(
        SharingConsent(
            plan_id=plan.id,
            participant_id=helper.id,
            status="given",
            areas=["health"],
            purpose="Samarbeid.",
            valid_from=clock.today() - timedelta(days=300),
            valid_to=clock.today() + timedelta(days=in_days),
            changed_by_id=plan.owner_id,
            basis="self",
        )
    )


def _case(s, plan: Plan, deadline_in: int) -> None:
    person = s.get(Person, plan.owner_id)
    s.add(
        Case(
            kind="complaint",
            municipality_id=person.municipality_id,
            person_id=person.id,
            sent_by_id=person.id,
            basis="self",
            deadline=clock.today() + timedelta(days=deadline_in),
            status="received",
        )
    )


def _remove(s) -> None:
    people = select(Person.id).where(Person.pid.like(f"{PID_PREFIX}%"))
    plans = select(Plan.id).where(Plan.owner_id.in_(people))
    s.execute(delete(Case).where(Case.person_id.in_(people)))
    s.execute(delete(SharingConsent).where(SharingConsent.plan_id.in_(plans)))
    s.execute(delete(MeetingTopic).where(MeetingTopic.author_id.in_(people)))
    s.execute(delete(Meeting).where(Meeting.plan_id.in_(plans)))
    s.execute(delete(GoalEvaluation).where(GoalEvaluation.author_id.in_(people)))
    s.execute(delete(Goal).where(Goal.plan_id.in_(plans)))
    s.execute(delete(Participant).where(Participant.plan_id.in_(plans)))
    s.execute(delete(Plan).where(Plan.id.in_(plans)))
    s.execute(delete(Person).where(Person.pid.like(f"{PID_PREFIX}%")))


def _needs_of(html: str, name: str) -> str:
    """The caseload row of the person named."""
    return html.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]


def test_each_plan_shows_what_needs_her_most_urgent_first_with_counts(app, client):
    mona = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
    with app.app_context():
        s = db.db_session()
        quiet = _plan(s, mona, 1, "Åse Stille", revision_in=200)
        asking = _plan(s, mona, 2, "Berit Forslag", revision_in=20)
        _proposals(s, asking, goals=2, topics=1)
        _hard(s, asking, days_ago=3)
        _hard(s, asking, days_ago=40)  # too long ago to need her now
        _consent_ending(s, asking, in_days=10)
        late = _plan(s, mona, 3, "Cato Forsinket", revision_in=-4)
        _case(s, late, deadline_in=-2)
        _case(s, quiet, deadline_in=30)  # a month away: not yet
        s.commit()
        ids = {"quiet": quiet.id, "asking": asking.id, "late": late.id}
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    html = client.get(CASELOAD).get_data(as_text=True)
    # The passed revision and the overdue case first, the quiet plan last.
    assert html.index("Cato Forsinket") < html.index("Berit Forslag") < html.index("Åse Stille")
    for plan_id in ids.values():
        assert f'href="/ansatt/planer/{plan_id}"' in html
    counts = html.split('id="attention-heading"', 1)[1].split("</section>", 1)[0]
    for count in (
        "3 nye forslag",
        "1 revisjon har passert dato",
        "1 revisjon innen 30 dager",
        "1 vurdering sier at det er vanskelig",
        "1 plan har samtykke som slutter snart",
        "1 sak har frist innen en uke eller har passert den",
    ):
        assert count in counts, count
    late_row = _needs_of(html, "Cato Forsinket")
    assert "Revisjonen skulle vært" in late_row and "har passert fristen" in late_row
    assert f'href="/ansatt/planer/{ids["late"]}/revisjon"' in late_row
    asking_row = _needs_of(html, "Berit Forslag")
    for need in (
        "2 nye mål foreslått av personen",
        "1 nytt tema foreslått til møtet",
        "1 vurdering siste 30 dager sier at det er vanskelig",
        "1 samtykke til deling slutter",
        "Revisjon ",
    ):
        assert need in asking_row, need
    assert "Ingenting nå" in _needs_of(html, "Åse Stille")


def test_a_coordinator_with_nothing_waiting_is_told_so(app, client):
    mona = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
    with app.app_context():
        s = db.db_session()
        _plan(s, mona, 1, "Åse Stille", revision_in=200)
        s.commit()
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    assert "Ingen av planene trenger deg akkurat nå." in client.get(CASELOAD).get_data(as_text=True)


def test_the_caseload_costs_the_same_statements_with_thirty_plans_as_with_two(app, client, queries_stay_flat):
    mona = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
    with app.app_context():
        s = db.db_session()
        for number in (1, 2):
            plan = _plan(s, mona, number, f"Person {number}", revision_in=10)
            _proposals(s, plan, goals=1, topics=1)
            _hard(s, plan, days_ago=1)
            _consent_ending(s, plan, in_days=5)
            _case(s, plan, deadline_in=3)
        s.commit()
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)

    def grow(s):
        for number in range(10, 40):
            plan = _plan(s, mona, number, f"Person {number}", revision_in=number - 20)
            _proposals(s, plan, goals=5, topics=3)
            _hard(s, plan, days_ago=2)
            _consent_ending(s, plan, in_days=7)
            _case(s, plan, deadline_in=-1)

    def shrink(s):
        _remove(s)

    queries_stay_flat(client, CASELOAD, grow, shrink, shows="Person 39")
