"""The demo data is written through the same use cases the app and the municipality's side use,
so it carries the history and the access-log rows those write; loading it again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import db
from app.demo import data as demo_data
from app.domain.actor import DEMO_IMPORT, SystemActor, is_system_basis
from app.domain.clock import OSLO
from app.models import AuditEvent, ConsentChange, Goal, Measure, Person, Plan, Representation
from app.services import planning, privacy
from app.services.planning import GoalDetails, MeasureDetails, Occurrence, PlanDetails, PlanExists
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, NILS, OLA, RANDI, SARA

ARNE = "02915533658"  # a demo person without a plan


def _person(s, pid: str) -> Person:
    return s.scalar(select(Person).where(Person.pid == pid))


def _events(s, subject: Person) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.basis, e.actor_id == subject.id)
        for e in s.scalars(select(AuditEvent).where(AuditEvent.subject_id == subject.id).order_by(AuditEvent.id))
    ]


def test_loading_again_changes_no_row_of_any_table(app, demo_snapshot):
    with app.app_context():
        assert demo_data.load(db.new_session())["plans"] == 4
        result = app.test_cli_runner().invoke(args=["demo-data", "load"])
        assert result.exit_code == 0, result.output
        with db.new_session() as s:
            assert dict(demo_snapshot.differing(s.connection())) == {}


def test_the_access_log_says_what_the_coordinator_wrote_and_what_people_gave(app):
    with app.app_context(), db.new_session() as s:
        kari = _person(s, KARI)
        events = _events(s, kari)
    system = f"system:{DEMO_IMPORT}"
    # The plan came from the municipality's records; its coordinator, Line Haugland, wrote it
    # through the same use cases as the staff side's pages.
    assert [a for a, basis, _ in events if basis == system] == ["plan.created"]
    assert [a for a, basis, _ in events if basis == "staff:coordinator"][:10] == [
        *["goal.added"] * 2,
        *["participant.added"] * 4,
        *["measure.added"] * 3,
        "meeting.scheduled",
    ]
    # What Kari did herself is hers: the fullmakt to Nils, her consents, and the goal she sent
    # through "Hva er viktig for deg?" (two steps saved, then sent; starting again logs nothing).
    assert [(a, mine) for a, basis, mine in events if basis == "self"] == [
        ("fullmakt.granted", True),
        ("plan_consent.given", True),
        ("consent.given", True),
        ("consent.given", True),
        *[("wizard.saved", True)] * 2,
        ("wizard.sent", True),
    ]


def test_olas_consents_are_given_by_his_verge_and_his_verge_registered_by_the_import(app):
    with app.app_context(), db.new_session() as s:
        ola, randi = _person(s, OLA), _person(s, RANDI)
        changes = s.scalars(select(ConsentChange).where(ConsentChange.subject_id == ola.id)).all()
        assert {(c.author_id, c.basis, c.action) for c in changes} == {(randi.id, "guardian", "given")}
        assert len(changes) == 3  # the plan and two services
        registered = s.scalar(
            select(AuditEvent).where(AuditEvent.subject_id == ola.id, AuditEvent.action == "representation.registered")
        )
        assert is_system_basis(registered.basis) and registered.details["holder_id"] == randi.id
        right = s.get(Representation, int(registered.object_id))
        assert (right.holder_id, right.basis, right.scopes) == (randi.id, "guardian", ["personal", "health"])


def test_what_the_import_wrote_about_saras_private_goal_is_kept_from_her_father(app):
    with app.app_context(), db.new_session() as s:
        sara = _person(s, SARA)
        private = s.scalar(select(Goal).join(Plan).where(Plan.owner_id == sara.id, Goal.private_from_parents.is_(True)))
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "goal", AuditEvent.object_id == str(private.id))
        ).all()
        # The goal, its measure, and the school nurse who serves only it: all recorded on the goal.
        assert sorted(e.action for e in rows) == ["goal.added", "measure.added", "participant.added"]
        nils = _person(s, NILS)
        parent = next(
            r
            for r in s.scalars(select(Representation).where(Representation.holder_id == nils.id))
            if r.represented_id == sara.id
        )
        from app.domain import Actor, clock
        from app.services.representations import judge

        as_nils = Actor(nils, parent, judge(parent, clock.today()))
        hidden = privacy.hidden_events(s, as_nils)
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.id.in_([e.id for e in rows]), ~hidden)
            )
            == 0
        )


def test_the_municipality_writes_a_plan_with_goals_and_measures_each_in_the_log(app):
    with app.app_context(), db.new_session() as s:
        arne = _person(s, ARNE)
        system = SystemActor(DEMO_IMPORT, arne)
        plan = planning.create_plan(s, system, PlanDetails(coordinator_name="Hanne Ruud"))
        with pytest.raises(PlanExists):
            planning.create_plan(s, system, PlanDetails())
        first = planning.add_goal(s, system, plan, GoalDetails("work", "Jeg vil jobbe."))
        second = planning.add_goal(s, system, plan, GoalDetails("leisure", "Jeg vil fiske."))
        start = datetime(2026, 12, 7, 9, tzinfo=OSLO)
        measure = planning.add_measure(
            s,
            system,
            plan,
            MeasureDetails("Arbeidstrening", "NAV Horten", schedule=[Occurrence(start, None, 60)]),
            second,
        )
        assert (first.position, second.position, measure.goal_id) == (0, 1, second.id)
        assert [e.recurrence for e in measure.schedule] == ["DTSTART;TZID=Europe/Oslo:20261207T090000"]
        assert [a for a, *_ in _events(s, arne)] == ["plan.created", "goal.added", "goal.added", "measure.added"]


def test_a_refused_change_leaves_nothing_behind(app):
    with app.app_context(), db.new_session() as s:
        arne, kari = _person(s, ARNE), _person(s, KARI)
        system = SystemActor(DEMO_IMPORT, arne)
        plan = planning.create_plan(s, system, PlanDetails())
        karis_goal = s.scalar(select(Goal).join(Plan).where(Plan.owner_id == kari.id).limit(1))
        with pytest.raises(ValueError):
            planning.add_measure(s, system, plan, MeasureDetails("Noe", "Noen"), karis_goal)
        start = datetime(2026, 12, 7, 9, tzinfo=OSLO)
        with pytest.raises(ValueError):
            planning.schedule_meeting(s, system, plan, start, start - timedelta(minutes=1), "Her", [])
        assert s.scalar(select(func.count()).select_from(Measure).where(Measure.plan_id == plan.id)) == 0
        assert [a for a, *_ in _events(s, arne)] == ["plan.created"]


def test_a_system_is_never_a_person_acting_for_someone():
    person = Person(pid="02915533658")
    system = SystemActor(DEMO_IMPORT, person)
    assert (system.person, system.subject, system.basis) == (person, person, "system:demo-import")
    assert not system.acting_for_someone and not system.hides_private_items
    assert is_system_basis(system.basis) and not is_system_basis("self") and not is_system_basis("guardian")


def _whole_access_log(client) -> str:
    """Every page of the access log, newest first, following "Eldre" to the last page."""
    pages, side = [], 1
    while True:
        html = client.get_page("representation.access_log", side=side).get_data(as_text=True)
        pages.append(html)
        if 'class="ds-link pager__next"' not in html:
            return "\n".join(pages)
        side += 1


def test_kari_reads_in_her_access_log_what_her_coordinator_wrote_and_what_she_gave(app, client):
    log_in_test_client(app, client, KARI, locale="nb")
    page = _whole_access_log(client)  # more than one page: the coordinator's work came after
    assert page.count("Innlastingen av demodata opprettet planen") == 1
    # The rest her coordinator wrote, named as the person and role she is.
    line = "Koordinator Line Haugland i Askøy kommune"
    assert page.count(f"{line} endret et mål i planen din") == 2  # her two goals
    assert page.count(f"{line} endret hvem som hjelper i planen din") == 4  # her four helpers
    assert page.count(f"{line} endret et tiltak i planen din") == 3  # three measures
    assert page.count(f"{line} endret et møte i planen din") == 2  # the meeting called, and the one held
    assert "Innlastingen av demodata la til" not in page
    assert page.count("Du ga samtykke til Fastlegen") == 1
    assert page.count("Du ga Nils Lund fullmakt til bare å se planen") == 1
    assert page.count("Du lagret svar i «Hva er viktig for deg?»") == 2
    assert page.count("Du sendte forslag til mål til koordinatoren") == 1
    assert "gjorde en endring" not in page


def test_a_consent_keeps_the_day_it_was_given_and_the_log_the_moment_it_was_recorded(app):
    with app.app_context(), db.new_session() as s:
        kari = _person(s, KARI)
        given = s.scalars(
            select(ConsentChange.occurred_at).where(
                ConsentChange.subject_id == kari.id, ConsentChange.kind == "sharing"
            )
        ).all()
        assert given == [datetime(2026, 1, 10, 10, tzinfo=UTC)] * 2
        recorded = s.scalar(
            select(func.min(AuditEvent.occurred_at)).where(
                AuditEvent.subject_id == kari.id, AuditEvent.action == "consent.given"
            )
        )
        assert recorded > given[0]  # when the import ran
