"""The privacy walk: as Nils acting for his daughter Sara (14), open every page and fragment the
app has, with every id of hers, and find nothing she keeps from her parents; as Sara, find it all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from app import db
from app.domain import clock
from app.domain.staff_access import StaffForPerson
from app.models import Goal, Measure, Participant, Person, Plan, SharingConsent
from app.services import planning, staff
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import NILS, SARA
from tests.privacy.sara import DRAFT_AREAS, PREFIX, SENT_GOAL, forget_measure, keep_things_private, path_values
from tests.privacy.walk import walk
from tests.staff.sessions import ASKOY_COORDINATOR, staff_member_id
from tests.wizard.helpers import fill_in

# A helper the coordinator enters for Sara's private goal only: kept from her parents like the goal.
HELPER = {
    "kind": "service",
    "service": f"{PREFIX}helperservice",
    "name": f"{PREFIX}helpername",
    "role": f"{PREFIX}helperrole",
    "helps_with": f"{PREFIX}helperhelps",
    "phone": "99887766",
    "email": f"{PREFIX.lower()}@example.no",
}


def _enter_helper(app, goal_id: int) -> None:
    """Through the municipality's use case, as a coordinator's form does (the member's roles do
    not matter here: the use case trusts its caller to have checked them)."""
    with app.app_context(), db.new_session() as s:
        goal = s.get(Goal, goal_id)
        sara = s.scalar(select(Person).where(Person.pid == SARA))
        actor = StaffForPerson(staff.actor_for(s, staff_member_id(app, ASKOY_COORDINATOR)), sara)
        planning.add_participant(s, actor, goal.plan, planning.ParticipantDetails(**HELPER), [goal])


def _values(app, secrets, tokens: list[str]) -> dict[str, list]:
    """Every id of Sara's, with those of the staff side's routes too (Nils reaches none of them:
    they send him to the staff login), and a number for the others (a case, a role, a version)."""
    values = path_values(app, secrets, tokens)
    with app.app_context():
        s = db.db_session()
        plan_id = s.scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == SARA))
        measures = list(s.scalars(select(Measure.id).where(Measure.plan_id == plan_id)))
    return {
        **values,
        "plan_id": [plan_id],
        "measure_id": measures,
        "case_id": [1],
        "topic_id": [1],
        "role_id": [1],
        "number": [1],
        # The FHIR API's (tests/api/): Nils has no Maskinporten token, so every one is a 401.
        "careplan_id": [plan_id],
        "patient_id": [1],
        "servicerequest_id": measures[:1],
        "appointment_id": ["meeting-1"],
        "careteam_id": [plan_id],
        "consent_id": [f"plan-{plan_id}"],
        "auditevent_id": [1],
        "resource_id": [plan_id],
        "version_id": ["1"],
        **{k: v for k, v in values.items() if v},
    }


def _consent_to_helper(app) -> None:
    """Sara lets the helper of her private goal share, until ten days from now: Min side tells
    whoever manages her consents that such a consent ends soon, and the consent pages list it."""
    with app.app_context(), db.new_session() as s:
        sara = s.scalar(select(Person).where(Person.pid == SARA))
        helper = s.scalar(select(Participant).where(Participant.service == HELPER["service"]))
        s.add(
            SharingConsent(
                plan_id=helper.plan_id,
                participant_id=helper.id,
                status="given",
                areas=[],
                purpose=f"{PREFIX}consentpurpose",
                valid_from=clock.today(),
                valid_to=clock.today() + timedelta(days=10),
                changed_by_id=sara.id,
                basis="self",
            )
        )
        s.commit()


def _forget_helper(app) -> None:
    with app.app_context(), db.new_session() as s:
        helper = select(Participant.id).where(Participant.service == HELPER["service"])
        s.execute(delete(SharingConsent).where(SharingConsent.participant_id.in_(helper)))
        s.execute(delete(Participant).where(Participant.service == HELPER["service"]))
        s.commit()


@pytest.fixture
def secrets(app, client):
    made = keep_things_private(app, client)
    _enter_helper(app, made.goal_id)
    _consent_to_helper(app)
    made.markers.extend(value for name, value in HELPER.items() if name not in ("kind", "phone", "email"))
    client.client.delete_cookie("minplan_session")
    yield made
    forget_measure(app)
    _forget_helper(app)


def _get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def test_nils_acting_for_sara_finds_nothing_she_keeps_private_on_any_page_or_fragment(app, client, secrets):
    act_for(app, client, NILS, SARA)
    # His own answers in the same life areas as hers: the per-area pages open, on his draft.
    fill_in(client, {area: "Jeg vil at Sara skal ha det bra." for area in DRAFT_AREAS})
    visits = walk(
        app,
        client.client,
        _values(app, secrets, ["et-token-nils-ikke-har"]),
        alive="Du handler nå på vegne av Sara Lund",
    )
    marker = PREFIX.lower()
    leaks = [
        f"{visit} ({visit.status}): {visit.text[visit.text.lower().index(marker) - 80 :][:200]!r}"
        for visit in visits
        if marker in visit.text.lower()
    ]
    assert leaks == []
    # The walk really read pages as Nils: every GET route, and the pages that once leaked.
    assert {visit.endpoint for visit in visits} >= _get_endpoints(app)
    shown = {visit.url for visit in visits if visit.status == 200}
    assert {
        "/hva-er-viktig",
        "/hva-er-viktig/sendt",
        "/hva-er-viktig/viktig",
        "/hva-er-viktig/se-over",
        "/plan",
        "/plan/utskrift",
        "/plan/denne-uka",
        "/tilgangslogg?side=1",
        "/samtykke",
        "/samtykke/historikk",
        "/hva-er-viktig/mal/leisure",
        "/hva-er-viktig/hjelp/other",
        "/hva-er-viktig/deltakere",
    } <= shown
    assert len([visit for visit in visits if visit.status == 200]) >= 150


def test_sara_herself_finds_every_marker_so_the_walk_can_fail(app, client, secrets):
    log_in_test_client(app, client, SARA)
    visits = walk(app, client.client, _values(app, secrets, [secrets.calendar_token]), alive="Hei, Sara Lund!")
    seen = "\n".join(visit.text for visit in visits)
    assert [marker for marker in secrets.markers if marker not in seen] == []
    sent = [visit for visit in visits if visit.url == "/hva-er-viktig/sendt" and visit.htmx]
    assert sent and all(SENT_GOAL in visit.text for visit in sent)


def test_a_consent_ending_soon_to_a_helper_kept_from_her_parents_is_not_named_to_them(app, client, secrets):
    log_in_test_client(app, client, SARA)
    assert HELPER["service"] in client.get("/min-side").get_data(as_text=True)  # so the look below can fail
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    page = client.get("/min-side").get_data(as_text=True)
    assert "Du handler nå på vegne av Sara Lund" in page
    assert PREFIX.lower() not in page.lower()
