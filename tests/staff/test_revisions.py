"""Revising a plan: the coordinator records what went well and what changes with the person; the
plan keeps a numbered version of itself, its next revision is set, the event is recorded, and the
person reads it on the plan page and as the plan was then. Only the coordinator revises; a stale
form loses nothing; a parent of a 12–15-year-old sees no private goal in a version."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app import db
from app.domain import clock
from app.domain.events import EventName
from app.domain.staff_access import Role, StaffActor, StaffForPerson
from app.models import AuditEvent, Goal, Measure, Person, Plan, PlanChange, PlanRevision, StaffMember
from app.services import revisions
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, SARA
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    log_in_staff,
    staff_member_id,
)

WENT_WELL = "Kari går tur hver dag. Hun liker fysioterapien."
CHANGES = "Kari vil bo for seg selv. Vi søker om bolig."


def _plan(app, pid: str) -> Plan:
    with app.app_context():
        s = db.db_session()
        plan = s.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))
        s.expunge(plan)
        return plan


def _url(plan_id: int) -> str:
    return f"/ansatt/planer/{plan_id}/revisjon"


def _revise(client, plan_id: int, **form):
    data = {
        "went_well": WENT_WELL,
        "changes": CHANGES,
        "next_revision": (clock.today() + timedelta(days=120)).strftime("%d.%m.%Y"),
        **form,
    }
    path = _url(plan_id)
    return client.post(path, data={"csrf_token": client.csrf_token(path), **data})


def _revisions(app, plan_id: int) -> int:
    with app.app_context():
        return db.db_session().scalar(
            select(func.count()).select_from(PlanRevision).where(PlanRevision.plan_id == plan_id)
        )


def _log_rows(app, subject_id: int) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == subject_id))


def test_the_coordinator_revises_and_the_plan_keeps_a_version(app, client):
    plan = _plan(app, KARI)
    before = _revisions(app, plan.id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    rows = _log_rows(app, plan.owner_id)
    page = client.get(_url(plan.id))
    assert page.status_code == 200 and "Skriv revisjonen" in page.get_data(as_text=True)
    assert _log_rows(app, plan.owner_id) == rows + 1  # the opening is in Kari's access log
    response = _revise(client, plan.id, version=str(plan.version))
    assert response.status_code == 303
    number = before + 1
    assert f"versjon {number}" in client.get(_url(plan.id)).get_data(as_text=True)
    with app.app_context():
        s = db.db_session()
        revision = s.scalar(select(PlanRevision).where(PlanRevision.plan_id == plan.id, PlanRevision.number == number))
        assert revision.went_well == WENT_WELL and revision.changes == CHANGES
        snapshot = revision.snapshot
        goals = s.scalars(select(Goal.text).where(Goal.plan_id == plan.id, Goal.status == "agreed")).all()
        assert [g["text"] for g in snapshot["goals"]] == list(goals)
        assert snapshot["participants"] and snapshot["measures"]
        assert any(m["schedule"] for m in snapshot["measures"])
        now = s.get(Plan, plan.id)
        assert now.next_revision == clock.today() + timedelta(days=120) and now.version == plan.version + 1
        change = s.scalar(
            select(PlanChange).where(PlanChange.plan_id == plan.id).order_by(PlanChange.id.desc()).limit(1)
        )
        assert change.name == EventName.PLAN_REVISED
        assert change.details == {"number": number, "next_revision": now.next_revision.isoformat()}
        audit = s.scalar(
            select(AuditEvent).where(AuditEvent.action == "plan.revised").order_by(AuditEvent.id.desc()).limit(1)
        )
        assert audit.subject_id == plan.owner_id and audit.basis == "staff:coordinator"
    # Kari reads it on her plan, and the plan as it was then.
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    html = client.get("/plan").get_data(as_text=True)
    day = html.split("Planen ble gått gjennom ", 1)[1].split("</p>", 1)[0]
    assert f"(versjon {number})" in day and WENT_WELL in html and CHANGES in html
    assert f'href="/plan/versjoner/{number}"' in html
    version = client.get(f"/plan/versjoner/{number}")
    assert version.status_code == 200 and goals[0] in version.get_data(as_text=True)
    assert client.get(f"/plan/versjoner/{number + 1}").status_code == 404


def test_the_person_reads_the_revision_in_nynorsk_easy_read(app, client):
    plan = _plan(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert _revise(client, plan.id, version=str(plan.version)).status_code == 303
    log_in_test_client(app, client, KARI, locale="nn", easy_read=True)
    html = client.get("/plan").get_data(as_text=True)
    section = html.split('id="revision-heading"', 1)[1].split("</section>", 1)[0]
    # One sentence a line, each in the coordinator's own words.
    assert '<span class="sentence">Kari går tur hver dag.</span>' in section
    assert '<span class="sentence">Vi søker om bolig.</span>' in section
    assert "versjoner/" in section
    assert "Planen ble gått gjennom" not in section  # the standard sentence is not the easy-read one


def test_a_stale_form_is_409_with_the_plan_now_and_what_was_typed(app, client):
    plan = _plan(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert _revise(client, plan.id, version=str(plan.version)).status_code == 303
    count = _revisions(app, plan.id)
    response = _revise(client, plan.id, version=str(plan.version), went_well="Skrevet samtidig av en annen.")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Planen ble endret mens du skrev" in html and "Skrevet samtidig av en annen." in html
    assert f'name="version" value="{plan.version + 1}"' in html
    assert _revisions(app, plan.id) == count


def test_only_the_coordinator_revises(app, client):
    plan = _plan(app, KARI)
    count = _revisions(app, plan.id)
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    assert client.get(_url(plan.id)).status_code == 404
    assert _revise(client, plan.id, version=str(plan.version)).status_code == 404
    log_in_staff(app, client, ASKOY_OFFICER)
    # A KE officer gives a reason before reading the plan, and never writes a version.
    assert client.get(_url(plan.id)).status_code == 303
    reason_path = f"/ansatt/planer/{plan.id}/begrunnelse"
    reason = {"csrf_token": client.csrf_token(reason_path), "reason": "Kari har klaget på planen, og jeg må se den."}
    assert client.post(reason_path, data=reason).status_code == 303
    page = client.get(_url(plan.id))
    assert page.status_code == 200 and "Skriv revisjonen" not in page.get_data(as_text=True)
    assert _revise(client, plan.id, version=str(plan.version)).status_code == 403  # holds no plan:write
    assert _revisions(app, plan.id) == count


def test_bad_input_is_422_with_every_message_and_nothing_stored(app, client):
    plan = _plan(app, KARI)
    count = _revisions(app, plan.id)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = _revise(
        client,
        plan.id,
        version=str(plan.version),
        went_well="",
        changes="x" * 5001,
        next_revision=clock.today().strftime("%d.%m.%Y"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv hva som har gått bra, med enkle ord." in html
    assert "Teksten har 1 tegn for mye." in html
    assert "Datoen for neste revisjon må være etter i dag." in html
    assert _revise(client, plan.id, version=str(plan.version), next_revision="31.02.2031").status_code == 422
    assert _revisions(app, plan.id) == count
    with app.app_context():
        assert db.db_session().get(Plan, plan.id).version == plan.version


def test_a_parent_sees_no_private_goal_nor_what_serves_it_in_a_version(app, client):
    plan = _plan(app, SARA)
    with app.app_context():
        s = db.db_session()
        sara = s.get(Person, plan.owner_id)
        member = s.get(StaffMember, staff_member_id(app, ASKOY_COORDINATOR))
        staff = StaffActor(member, frozenset({(sara.municipality_id, Role.COORDINATOR)}))
        revisions.revise(
            s,
            StaffForPerson(staff, sara),
            s.get(Plan, plan.id),
            plan.version,
            WENT_WELL,
            CHANGES,
            clock.today() + timedelta(days=90),
        )
        private = s.scalars(select(Goal.id).where(Goal.plan_id == plan.id, Goal.private_from_parents)).all()
        private_texts = s.scalars(select(Goal.text).where(Goal.id.in_(private))).all()
        private_measures = s.scalars(select(Measure.what).where(Measure.goal_id.in_(private))).all()
        shared = s.scalars(select(Goal.text).where(Goal.plan_id == plan.id, Goal.private_from_parents.is_(False))).all()
        number = s.scalar(select(func.max(PlanRevision.number)).where(PlanRevision.plan_id == plan.id))
    assert private_texts and shared
    log_in_test_client(app, client, SARA, locale="nb")
    own = client.get(f"/plan/versjoner/{number}").get_data(as_text=True)
    assert all(text in own for text in private_texts)
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    rows = _log_rows(app, plan.owner_id)
    response = client.get(f"/plan/versjoner/{number}")
    assert response.status_code == 200
    assert _log_rows(app, plan.owner_id) == rows + 1  # Nils's reading is in Sara's access log
    html = response.get_data(as_text=True)
    assert all(text in html for text in shared)
    assert not any(text in html for text in private_texts)
    assert not any(what in html for what in private_measures)


def test_what_the_coordinator_wrote_for_a_12_to_15_year_old_alone_never_reaches_her_parents(app, client):
    plan = _plan(app, SARA)
    secret_well, secret_changes = "Samtalene med helsesykepleier hjelper.", "Sara vil snakke med BUP selv."
    with app.app_context():
        s = db.db_session()
        sara = s.get(Person, plan.owner_id)
        member = s.get(StaffMember, staff_member_id(app, ASKOY_COORDINATOR))
        staff = StaffActor(member, frozenset({(sara.municipality_id, Role.COORDINATOR)}))
        done = revisions.revise(
            s,
            StaffForPerson(staff, sara),
            s.get(Plan, plan.id),
            plan.version,
            secret_well,
            secret_changes,
            clock.today() + timedelta(days=90),
            private_from_parents=True,
        )
        number, kept = done.number, done.private_from_parents
    assert kept
    log_in_test_client(app, client, SARA, locale="nb")
    for path in ("/plan", f"/plan/versjoner/{number}"):
        assert secret_well in client.get(path).get_data(as_text=True)
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    for path in ("/plan", f"/plan/versjoner/{number}", "/plan/historikk"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert secret_well not in html and secret_changes not in html, path
    assert "bare for Sara Lund" in client.get("/plan").get_data(as_text=True)


def test_the_words_are_kept_from_parents_only_while_the_person_is_12_to_15(app, client):
    plan = _plan(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    page = client.get(_url(plan.id)).get_data(as_text=True)
    assert 'name="private_from_parents"' not in page  # Kari is an adult: nothing to keep from parents
    response = _revise(client, plan.id, version=plan.version, private_from_parents="on")
    assert response.status_code == 303
    with app.app_context():
        latest = db.db_session().scalar(
            select(PlanRevision).where(PlanRevision.plan_id == plan.id).order_by(PlanRevision.number.desc()).limit(1)
        )
        assert latest.private_from_parents is False
