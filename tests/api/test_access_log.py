"""What a municipality's system read through the API is in the person's access log, by name of the
municipality's system; what a 12–15-year-old keeps from her parents stays hidden there too."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import Goal, Person, Plan
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, SARA


def test_kari_reads_that_askoys_system_read_her_plan(fhir, api_app, app, client):
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == KARI))
    assert fhir(f"/fhir/CarePlan/{plan_id}").status_code == 200

    log_in_test_client(app, client, KARI)
    page = client.get_page("representation.access_log").get_data(as_text=True)

    assert "Askøy kommunes fagsystem leste planen din" in page


def test_saras_father_does_not_see_the_system_read_her_private_goal(fhir, api_app, app, client, maskinporten):
    with api_app.app_context(), db.new_session() as session:
        private = session.scalar(
            select(Goal.id).join(Goal.plan).join(Plan.owner).where(Person.pid == SARA, Goal.private_from_parents)
        )
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == SARA))
    horten = maskinporten.systems["horten"]
    assert fhir(f"/fhir/Goal/{private}", token=horten.token()).status_code == 200
    assert fhir(f"/fhir/CarePlan/{plan_id}", token=horten.token()).status_code == 200

    log_in_test_client(app, client, NILS)
    act_for(app, client, NILS, SARA)
    response = client.get_page("representation.access_log")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Horten kommunes fagsystem leste planen til Sara" in page
    assert "leste mål" not in page
