"""Who helps (CareTeam), the consents (Consent) and the access log (AuditEvent) as Askøy's own system
reads them: its own people only, valid FHIR, pages it can follow to the end, a cost that does not
grow with the page, and every read in the person's access log, in words she understands."""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.consent import Consent
from sqlalchemy import select

from app import db
from app.api import profile
from app.api.resources_consent import CONSENT_CATEGORY_SYSTEM
from app.api.resources_log import AUDIT_ACTION_SYSTEM, ORGNO_SYSTEM
from app.api.resources_team import CARE_TEAM_ROLE_SYSTEM
from app.models import AuditEvent, Goal, Municipality, Participant, Person, Plan, PlanConsent, SharingConsent
from tests.api.conftest import ASKOY_ORGNO, WRITE
from tests.auth.sessions import act_for, log_in_test_client
from tests.concurrency.numbers import synthetic_adults
from tests.conftest import counting_statements
from tests.people import KARI, NILS, SARA

FNR = profile.FNR_SYSTEM
MORE = 12


def _person(api_app, pid: str) -> tuple[int, int]:
    with api_app.app_context(), db.new_session() as session:
        person = session.scalar(select(Person).where(Person.pid == pid))
        return person.id, session.scalar(select(Plan.id).where(Plan.owner_id == person.id))


def _bundle(response) -> Bundle:
    assert response.status_code == 200, response.get_data(as_text=True)
    return Bundle.model_validate_json(response.get_data())


def _next(bundle: Bundle) -> str | None:
    links = [link.url for link in bundle.link or [] if link.relation == "next"]
    return links[0].removeprefix("http://localhost") if links else None


def _all(fhir, path: str, model, token: str | None = None) -> list:
    """Every resource a search finds, following its next links to the end."""
    found = []
    for _ in range(100):
        bundle = _bundle(fhir(path, token=token))
        found += [model.model_validate(entry.resource.model_dump()) for entry in bundle.entry or []]
        path = _next(bundle)
        if path is None:
            return found
    raise AssertionError("the next links never end")


def _log_rows(api_app, person_id: int, action: str) -> list[AuditEvent]:
    with api_app.app_context(), db.new_session() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.subject_id == person_id, AuditEvent.action == action))
        )


@pytest.fixture
def api_queries(api_app):
    return lambda: counting_statements(api_app.extensions["db_engine"])


@pytest.fixture
def askoy_with_more_teams(api_app):
    """MORE more people of Askøy, each with a plan, a helper and a consent to share (put back after the test)."""
    with api_app.app_context(), db.new_session() as session:
        askoy = session.scalar(select(Municipality).where(Municipality.slug == "askoy"))
        for pid in itertools.islice(synthetic_adults(day=4, month=6, year=81), MORE):
            person = Person(pid=pid, name="Test Person", birth_date=date(1981, 6, 4), municipality_id=askoy.id)
            session.add(person)
            session.flush()
            plan = Plan(owner_id=person.id, coordinator_name="Line Haugland", consented_on=date(2026, 1, 5))
            plan.goals = [Goal(text="Jeg vil gå tur.", life_area="health", position=0)]
            plan.participants = [Participant(kind="service", service="Fastlegen", role="lege")]
            session.add(plan)
            session.flush()
            session.add(
                SharingConsent(
                    plan_id=plan.id,
                    participant_id=plan.participants[0].id,
                    status="given",
                    areas=["health"],
                    purpose="Samarbeid.",
                    valid_from=date(2026, 1, 5),
                    changed_by_id=person.id,
                    basis="self",
                )
            )
        session.commit()
    yield


# CareTeam


def test_the_system_reads_who_helps_in_karis_plan(fhir, api_app):
    person_id, plan_id = _person(api_app, KARI)

    response = fhir(f"/fhir/CareTeam/{plan_id}")

    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    team = CareTeam.model_validate_json(response.get_data())
    assert response.headers["ETag"] == f'W/"{team.meta.versionId}"'
    assert team.status == "active" and team.subject.reference == f"Patient/{person_id}"
    assert team.subject.identifier.value == KARI
    assert [(e.url, e.valueReference.reference) for e in team.extension] == [
        (profile.EXT_CARE_PLAN, f"CarePlan/{plan_id}")
    ]
    assert team.managingOrganization[0].display == "Askøy kommune"
    roles = [(p.role[0].coding[0].system, p.role[0].coding[0].code, p.member.display) for p in team.participant]
    assert roles[0][:2] == (CARE_TEAM_ROLE_SYSTEM, "coordinator") and roles[0][2]
    with api_app.app_context(), db.new_session() as session:
        helpers = session.scalars(
            select(Participant).where(Participant.plan_id == plan_id, Participant.removed_at.is_(None))
        ).all()
    assert len(team.participant) == len(helpers) + 1
    assert [p.member.display for p in team.participant[1:]] == [p.name or p.service for p in helpers]
    services = [(p.onBehalfOf.display if p.onBehalfOf else p.member.display) for p in team.participant[1:]]
    assert services == [p.service if p.kind != "relative" else p.name or p.service for p in helpers]
    assert len(_log_rows(api_app, person_id, "api.careteam_read")) == 1


def test_a_removed_helper_is_not_in_the_team(fhir, api_app):
    _, plan_id = _person(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        helper = session.scalar(select(Participant).where(Participant.plan_id == plan_id).limit(1))
        name, helper.removed_at = helper.service, datetime(2026, 11, 1, tzinfo=UTC)
        session.commit()

    team = CareTeam.model_validate_json(fhir(f"/fhir/CareTeam/{plan_id}").get_data())

    shown = {p.member.display for p in team.participant} | {
        p.onBehalfOf.display for p in team.participant if p.onBehalfOf
    }
    assert name not in shown


def test_teams_are_searched_by_person_and_paged_to_the_end(fhir, askoy_with_more_teams):
    by_person = _bundle(fhir(f"/fhir/CareTeam?patient.identifier={FNR}|{KARI}"))
    every = _all(fhir, "/fhir/CareTeam?_count=5", CareTeam)

    assert by_person.total == 1 and by_person.entry[0].resource.subject.identifier.value == KARI
    assert len(every) == len({team.id for team in every}) == MORE + 1


def test_the_helper_who_serves_only_a_childs_private_goal_is_marked(fhir, api_app, maskinporten):
    _, plan_id = _person(api_app, SARA)

    team = CareTeam.model_validate_json(
        fhir(f"/fhir/CareTeam/{plan_id}", token=maskinporten.systems["horten"].token()).get_data()
    )

    marked = [
        p.member.display
        for p in team.participant
        if any(e.url == profile.EXT_PRIVATE_FROM_PARENTS and e.valueBoolean for e in p.extension or [])
    ]
    assert marked == ["Skolehelsetjenesten"]


# Consent


def test_karis_consents_are_read_as_her_receipt_holds_them(fhir, api_app):
    person_id, plan_id = _person(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        plan_consent = session.scalar(select(PlanConsent.id).where(PlanConsent.plan_id == plan_id))
        sharing = session.scalars(select(SharingConsent.id).where(SharingConsent.plan_id == plan_id)).all()

    found = _all(fhir, f"/fhir/Consent?patient={person_id}&_count=1", Consent)

    assert [c.id for c in found] == [f"plan-{plan_consent}"] + [f"sharing-{i}" for i in sorted(sharing)]
    kinds = {
        c.id: {coding.code for cat in c.category for coding in cat.coding if coding.system == CONSENT_CATEGORY_SYSTEM}
        for c in found
    }
    assert kinds[f"plan-{plan_consent}"] == {"plan"} and all(kinds[f"sharing-{i}"] == {"sharing"} for i in sharing)
    plan, *shares = found
    assert plan.scope.coding[0].code == "treatment" and plan.status == "active"
    assert all(c.scope.coding[0].code == "patient-privacy" for c in shares)
    assert all(c.patient.reference == f"Patient/{person_id}" for c in found)
    physio = next(c for c in shares if c.provision.actor[0].reference.display == "Fysioterapitjenesten")
    assert physio.provision.period.start.isoformat() == "2026-01-10"
    assert [a.coding[0].code for a in physio.provision.code] == ["health"]
    assert physio.provision.provision[0].type == "deny"
    assert physio.performer[0].reference == f"Patient/{person_id}"

    read = fhir(f"/fhir/Consent/{physio.id}")
    assert read.status_code == 200 and Consent.model_validate_json(read.get_data()).id == physio.id
    assert read.headers["ETag"] == f'W/"{physio.meta.versionId}"'


def test_a_withdrawn_consent_is_inactive_with_its_end(fhir, api_app):
    person_id, plan_id = _person(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        consent = session.scalar(select(SharingConsent).where(SharingConsent.plan_id == plan_id).limit(1))
        consent.status = "withdrawn"
        session.commit()
        consent_id = consent.id

    read = Consent.model_validate_json(fhir(f"/fhir/Consent/sharing-{consent_id}").get_data())

    assert read.status == "inactive" and read.provision.period.end is not None


def test_a_consent_a_parent_gave_names_the_parent_but_not_by_number(fhir, api_app, maskinporten):
    person_id, _ = _person(api_app, SARA)

    (plan,) = _all(fhir, f"/fhir/Consent?patient={person_id}", Consent, token=maskinporten.systems["horten"].token())

    assert plan.id.startswith("plan-") and plan.status == "active"
    assert [(p.display, p.reference, p.identifier) for p in plan.performer] == [("Nils Lund", None, None)]


def test_consent_ids_of_the_two_kinds_never_answer_for_each_other(fhir, api_app):
    _, plan_id = _person(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        plan_consent = session.scalar(select(PlanConsent.id).where(PlanConsent.plan_id == plan_id))

    plan = fhir(f"/fhir/Consent/plan-{plan_consent}")
    unknown_kinds = [
        fhir(f"/fhir/Consent/{bad}").status_code for bad in ("1", "other-1", "plan-", "plan-x", "sharing-0")
    ]

    assert Consent.model_validate_json(plan.get_data()).scope.coding[0].code == "treatment"
    assert unknown_kinds == [404] * 5


# AuditEvent


def test_the_system_reads_karis_access_log_as_she_reads_it(fhir, api_app):
    person_id, plan_id = _person(api_app, KARI)
    assert fhir(f"/fhir/CarePlan/{plan_id}").status_code == 200
    with api_app.app_context(), db.new_session() as session:
        hers = session.scalars(select(AuditEvent.id).where(AuditEvent.subject_id == person_id)).all()

    events = _all(fhir, f"/fhir/AuditEvent?patient.identifier={FNR}|{KARI}&_count=7", FhirAuditEvent)

    # Every row of her log, not the ones this search itself added as it went.
    assert sorted(int(e.id) for e in events) == sorted(hers)
    assert [int(e.id) for e in events] == sorted((int(e.id) for e in events), reverse=True)
    plan_read = next(e for e in events if e.subtype[0].code == "api.plan_read")
    assert plan_read.subtype[0].system == AUDIT_ACTION_SYSTEM and plan_read.action == "R"
    agent = plan_read.agent[0]
    assert (agent.who.identifier.system, agent.who.identifier.value) == (ORGNO_SYSTEM, ASKOY_ORGNO)
    assert agent.who.display == "Askøy kommunes fagsystem"
    assert plan_read.entity[0].what.reference == f"Patient/{person_id}"
    assert {e.entity[1].what.reference for e in [plan_read]} == {f"CarePlan/{plan_id}"}
    given = next(e for e in events if e.subtype[0].code == "plan_consent.given")
    assert given.action == "C" and given.agent[0].who.reference == f"Patient/{person_id}"

    read = fhir(f"/fhir/AuditEvent/{plan_read.id}")
    assert read.status_code == 200 and FhirAuditEvent.model_validate_json(read.get_data()).id == plan_read.id


def test_reading_the_log_is_logged_once_a_request_and_its_pages_end(fhir, api_app):
    person_id, _ = _person(api_app, KARI)
    before = len(_log_rows(api_app, person_id, "api.auditevent_read"))

    pages, path, seen = 0, f"/fhir/AuditEvent?patient={person_id}&_count=3", []
    while path:
        bundle = _bundle(fhir(path))
        seen += [entry.resource.id for entry in bundle.entry]
        path, pages = _next(bundle), pages + 1

    assert len(seen) == len(set(seen)) and pages > 1
    assert len(_log_rows(api_app, person_id, "api.auditevent_read")) == before + pages
    assert not {e.id for e in _log_rows(api_app, person_id, "api.auditevent_read")} & {int(i) for i in seen}


def test_the_log_is_searched_by_date(fhir, api_app):
    person_id, _ = _person(api_app, KARI)

    future = _bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&date=ge2099-01-01"))
    since = _bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&date=ge2020-01-01&date=le2099-01-01T00:00:00Z"))
    every = _bundle(fhir(f"/fhir/AuditEvent?patient={person_id}"))

    assert future.total == 0 and since.total == every.total - 1 > 0  # the search before added one row


def test_the_rows_about_what_a_child_keeps_from_her_parents_are_marked(fhir, api_app, maskinporten):
    person_id, plan_id = _person(api_app, SARA)
    with api_app.app_context(), db.new_session() as session:
        private = session.scalar(select(Goal.id).where(Goal.plan_id == plan_id, Goal.private_from_parents))
        shared = session.scalar(select(Goal.id).where(Goal.plan_id == plan_id, ~Goal.private_from_parents))
    horten = maskinporten.systems["horten"]
    assert fhir(f"/fhir/Goal/{private}", token=horten.token()).status_code == 200
    assert fhir(f"/fhir/Goal/{shared}", token=horten.token()).status_code == 200

    events = _all(fhir, f"/fhir/AuditEvent?patient={person_id}&_count=50", FhirAuditEvent, token=horten.token())

    def marked(event) -> bool:
        return any(e.url == profile.EXT_PRIVATE_FROM_PARENTS and e.valueBoolean for e in event.extension or [])

    goal_reads = {e.entity[1].what.reference: marked(e) for e in events if e.subtype[0].code == "api.goal_read"}
    assert goal_reads == {f"Goal/{private}": True, f"Goal/{shared}": False}
    assert not marked(next(e for e in events if e.subtype[0].code == "plan_consent.given"))


def test_what_the_system_read_is_in_the_persons_access_log_in_plain_words(fhir, api_app, app, client):
    person_id, plan_id = _person(api_app, KARI)
    assert fhir(f"/fhir/CareTeam/{plan_id}").status_code == 200
    assert fhir(f"/fhir/Consent?patient={person_id}").status_code == 200
    assert fhir(f"/fhir/AuditEvent?patient={person_id}").status_code == 200

    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    page = client.get_page("representation.access_log").get_data(as_text=True)
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    easy = client.get_page("representation.access_log").get_data(as_text=True)

    assert "Askøy kommunes fagsystem leste hvem som hjelper deg" in page
    assert "Askøy kommunes fagsystem leste samtykkene dine" in page
    assert "Askøy kommunes fagsystem leste loggen over hvem som har sett og endret planen din" in page
    assert "Datasystemet til Askøy kommune leste hvem som hjelper deg" in easy
    assert "Datasystemet til Askøy kommune leste hvem som har sett planen din" in easy


def test_saras_father_reads_that_the_system_read_who_helps_her(fhir, api_app, app, client, maskinporten):
    _, plan_id = _person(api_app, SARA)
    assert fhir(f"/fhir/CareTeam/{plan_id}", token=maskinporten.systems["horten"].token()).status_code == 200

    log_in_test_client(app, client, NILS)
    act_for(app, client, NILS, SARA)
    page = client.get_page("representation.access_log").get_data(as_text=True)

    assert "Horten kommunes fagsystem leste hvem som hjelper Sara" in page


# What the system may not have


def test_another_municipalitys_team_consents_and_log_are_not_found_and_the_attempts_logged(fhir, api_app, caplog):
    person_id, plan_id = _person(api_app, SARA)  # Horten
    with api_app.app_context(), db.new_session() as session:
        consent = session.scalar(select(PlanConsent.id).where(PlanConsent.plan_id == plan_id))
        row = session.scalar(select(AuditEvent.id).where(AuditEvent.subject_id == person_id).limit(1))
        logged_before = session.scalar(
            select(AuditEvent.id).where(AuditEvent.subject_id == person_id).order_by(AuditEvent.id.desc()).limit(1)
        )

    with caplog.at_level(logging.WARNING, logger="minplan.api"):
        reads = [
            fhir(f"/fhir/CareTeam/{plan_id}"),
            fhir(f"/fhir/Consent/plan-{consent}"),
            fhir(f"/fhir/AuditEvent/{row}"),
        ]
        searches = [
            fhir(f"/fhir/CareTeam?patient={person_id}"),
            fhir(f"/fhir/Consent?patient={person_id}"),
            fhir(f"/fhir/AuditEvent?patient={person_id}"),
            fhir(f"/fhir/AuditEvent?patient.identifier={FNR}|{SARA}"),
        ]
        missing = [
            fhir("/fhir/CareTeam/999999"),
            fhir("/fhir/Consent/sharing-999999"),
            fhir("/fhir/AuditEvent/99999999"),
        ]

    assert [r.status_code for r in reads + missing] == [404] * 6
    assert [r.get_json() for r in reads] == [r.get_json() for r in missing]
    assert all(_bundle(r).total == 0 for r in searches)
    refused = [(r.orgno, r.object_type) for r in caplog.records if getattr(r, "event", "") == "api.object_refused"]
    assert refused == [(ASKOY_ORGNO, kind) for kind in ("CareTeam", "Consent", "AuditEvent", "AuditEvent", "Patient")]
    assert SARA not in caplog.text
    with api_app.app_context(), db.new_session() as session:
        newest = session.scalar(
            select(AuditEvent.id).where(AuditEvent.subject_id == person_id).order_by(AuditEvent.id.desc()).limit(1)
        )
    assert newest == logged_before  # nothing read, nothing in her log


@pytest.mark.parametrize("kind", ["CareTeam/1", "Consent?patient=1", "AuditEvent?patient=1"])
def test_a_token_without_the_read_scope_is_refused(fhir, askoy, kind):
    response = fhir(f"/fhir/{kind}", token=askoy.token(scope=WRITE))

    assert response.status_code == 403
    assert response.get_json()["resourceType"] == "OperationOutcome"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "query",
    [
        "CareTeam?status=active",
        "CareTeam?_count=0",
        "CareTeam?patient=Patient/x",
        "Consent?_count=5",
        "Consent?patient=1&category=plan",
        f"Consent?patient=1&patient.identifier={KARI}",
        "AuditEvent?_count=5",
        "AuditEvent?patient=1&date=yesterday",
        "AuditEvent?patient=1&date=ge2026-01-01T10:00:00",
        "AuditEvent?patient=1&date=ge2026-01-01&date=le2026-02-01&date=le2026-03-01",
        "AuditEvent?patient=1&_after=x",
        "AuditEvent?patient=1&action=R",
    ],
)
def test_a_search_the_api_does_not_understand_is_a_400(fhir, query):
    response = fhir(f"/fhir/{query}")

    assert response.status_code == 400
    assert response.get_json()["resourceType"] == "OperationOutcome"


def test_the_capability_statement_lists_the_three(api_app):
    statement = api_app.test_client().get("/fhir/metadata").get_json()
    listed = {r["type"]: {p["name"] for p in r["searchParam"]} for r in statement["rest"][0]["resource"]}

    assert listed["CareTeam"] == {"patient", "patient.identifier", "_count"}
    assert listed["Consent"] == {"patient", "patient.identifier", "_count"}
    assert listed["AuditEvent"] == {"patient", "patient.identifier", "date", "_count"}


# What a page costs


def test_a_page_costs_the_same_statements_whatever_its_size(fhir, api_app, askoy_with_more_teams, api_queries):
    person_id, _ = _person(api_app, KARI)
    fhir("/fhir/CareTeam?_count=1")  # the signing keys are fetched once, outside the count
    with api_queries() as teams_small:
        assert len(_bundle(fhir("/fhir/CareTeam?_count=1")).entry) == 1
    with api_queries() as teams_large:
        assert len(_bundle(fhir("/fhir/CareTeam?_count=13")).entry) == 13
    with api_queries() as log_small:
        assert len(_bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&_count=1")).entry) == 1
    with api_queries() as log_large:
        assert len(_bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&_count=15")).entry) == 15
    with api_queries() as consents_small:
        assert len(_bundle(fhir(f"/fhir/Consent?patient={person_id}&_count=1")).entry) == 1
    with api_queries() as consents_large:
        assert len(_bundle(fhir(f"/fhir/Consent?patient={person_id}&_count=3")).entry) == 3

    assert teams_large.count == teams_small.count, "\n".join(teams_large.statements)
    assert log_large.count == log_small.count, "\n".join(log_large.statements)
    assert consents_large.count == consents_small.count, "\n".join(consents_large.statements)


def test_a_childs_log_page_costs_the_same_statements_whatever_its_size(fhir, api_app, maskinporten, api_queries):
    person_id, _ = _person(api_app, SARA)
    horten = maskinporten.systems["horten"]
    fhir(f"/fhir/AuditEvent?patient={person_id}&_count=1", token=horten.token())
    with api_queries() as small:
        assert len(_bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&_count=1", token=horten.token())).entry) == 1
    with api_queries() as large:
        assert len(_bundle(fhir(f"/fhir/AuditEvent?patient={person_id}&_count=10", token=horten.token())).entry) == 10

    assert large.count == small.count, "\n".join(large.statements)


def test_the_current_version_of_each_is_read_again_by_vread(fhir, api_app):
    person_id, plan_id = _person(api_app, KARI)
    with api_app.app_context(), db.new_session() as session:
        plan_consent = session.scalar(select(PlanConsent.id).where(PlanConsent.plan_id == plan_id))
        row = session.scalar(select(AuditEvent.id).where(AuditEvent.subject_id == person_id).limit(1))

    for path in (f"CareTeam/{plan_id}", f"Consent/plan-{plan_consent}", f"AuditEvent/{row}"):
        read = fhir(f"/fhir/{path}")
        version = read.get_json()["meta"]["versionId"]
        again = fhir(f"/fhir/{path}/_history/{version}")

        assert again.status_code == 200 and again.get_json() == read.get_json(), path
        assert fhir(f"/fhir/{path}/_history/0").status_code == 404
