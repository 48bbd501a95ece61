"""The history is append-only and complete; the receipt (print and FHIR JSON) tells the truth;
reads by others and every change are in the owner's access log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import db
from app.models import AuditEvent, ConsentChange, Person
from app.models.base import AppendOnly
from tests.auth.sessions import act_for, log_in_test_client
from tests.consent.helpers import change, changes_of, participant_id, withdraw
from tests.pages import LOCALES
from tests.people import EMMA, KARI, NILS, OLA, PER, RANDI


def test_a_change_in_the_history_can_be_neither_updated_nor_deleted(app):
    with app.app_context(), db.new_session() as s:
        change_row = s.scalars(select(ConsentChange)).first()
        change_row.after = {"status": "forged"}
        with pytest.raises(AppendOnly):
            s.flush()
        s.rollback()
        with pytest.raises(AppendOnly):
            s.delete(s.scalars(select(ConsentChange)).first())
            s.flush()
        s.rollback()


def test_every_change_adds_a_row_with_before_and_after_and_earlier_rows_stay_as_they_were(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    first = changes_of(app, fastlegen)
    change(client, fastlegen, areas=["health"])
    withdraw(client, fastlegen)
    rows = changes_of(app, fastlegen)
    assert [r.action for r in rows] == ["given", "changed", "withdrawn"]
    assert (rows[0].before, rows[0].after) == (first[0].before, first[0].after)  # untouched
    assert rows[1].before["areas"] == ["health", "daily-living"] and rows[1].after["areas"] == ["health"]
    assert rows[2].before["status"] == "given" and rows[2].after["status"] == "withdrawn"
    html = client.get("/samtykke/historikk").get_data(as_text=True)
    assert html.index("ble trukket tilbake av deg") < html.index("ble endret av deg") < html.index("ble gitt av deg")


def test_the_history_says_who_acted_on_whose_behalf_and_on_what_basis(app, client):
    log_in_test_client(app, client, OLA, locale="nb", easy_read=False)
    html = client.get("/samtykke/historikk").get_data(as_text=True)
    assert "Samtykke til Heimetenesta ble gitt av Randi Berg (verge)." in html
    assert "På vegne av Ola Berg. Grunnlag: verge." in html


def test_the_printable_receipt_shows_the_consents_in_force(app, client):
    log_in_test_client(app, client, KARI)
    html = client.get("/samtykke/kvittering").get_data(as_text=True)
    assert "Kvittering for samtykker for Kari Nordmann" in html
    assert (
        "Fastlegen kan dele opplysninger om helse og hverdagen med de andre i planen, til og med 31. desember 2027."
        in html
    )
    assert "Ikke samtykke. NAV Askøy kan ikke dele opplysninger med de andre i planen." in html
    assert "Unntatt: <bdi>Ikke noe om ryggoperasjonen i 2019.</bdi>" in html
    assert "Sist endret 10. januar 2026 av Kari Nordmann." in html  # a name, never "deg", on paper
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale="nb", easy_read=False)
    assert "av Randi Berg (verge)." in client.get("/samtykke/kvittering").get_data(as_text=True)


def test_the_fhir_receipt_is_a_download_of_consent_resources(app, client):
    log_in_test_client(app, client, KARI)
    fastlegen = participant_id(app, KARI, "Fastlegen")
    withdraw(client, fastlegen)
    response = client.get("/samtykke/kvittering.json")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    bundle = json.loads(response.get_data(as_text=True))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = {r["resource"]["id"]: r["resource"] for r in bundle["entry"]}
    assert {r["resourceType"] for r in resources.values()} == {"Consent"}
    sharing = [r for r in resources.values() if r["id"].startswith("sharing-")]
    assert len(sharing) == 2  # Fastlegen (withdrawn) and Fysioterapitjenesten; NAV has none
    by_service = {r["provision"]["actor"][0]["reference"]["display"]: r for r in sharing}
    fysio, fastlege = by_service["Fysioterapitjenesten"], by_service["Fastlegen"]
    assert fysio["status"] == "active" and fastlege["status"] == "inactive"
    assert fysio["scope"]["coding"][0]["code"] == "patient-privacy"
    assert fysio["patient"]["identifier"] == {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": KARI}
    assert fysio["provision"]["type"] == "permit" and fysio["provision"]["period"] == {"start": "2026-01-10"}
    assert fysio["provision"]["provision"] == [
        {"type": "deny", "code": [{"text": "Ikke noe om ryggoperasjonen i 2019."}]}
    ]
    assert [c["coding"][0]["code"] for c in fastlege["provision"]["code"]] == ["health", "daily-living"]
    assert fastlege["provision"]["period"]["end"] == "2027-12-31"
    assert fastlege["provision"]["purpose"][0]["display"] == "Samarbeid om treningen og medisinene mine."
    plan = next(r for r in resources.values() if r["id"].startswith("plan-"))
    assert plan["status"] == "active" and plan["provision"]["period"]["start"] == "2026-01-10"


def test_the_receipt_is_only_about_the_person_acted_for(app, client):
    act_for(app, client, RANDI, OLA)
    bundle = json.loads(client.get("/samtykke/kvittering.json").get_data(as_text=True))
    patients = {e["resource"]["patient"]["identifier"]["value"] for e in bundle["entry"]}
    assert patients == {OLA}
    performers = {e["resource"]["performer"][0]["display"] for e in bundle["entry"]}
    assert performers == {"Randi Berg"}


def test_reads_by_others_and_every_change_are_in_the_owners_access_log(app, client):
    act_for(app, client, NILS, KARI)
    for path in ("/samtykke", "/samtykke/historikk", "/samtykke/kvittering", "/samtykke/kvittering.json"):
        assert client.get(path).status_code == 200
    with app.app_context():
        reads = db.db_session().scalars(select(AuditEvent).where(AuditEvent.action == "consent.read")).all()
        assert sorted(e.details["page"] for e in reads) == ["history", "overview", "receipt", "receipt.json"]
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI)
    client.get("/samtykke")  # the owner's own reads are not logged
    change(client, participant_id(app, KARI, "Fastlegen"), areas=["health"])
    with app.app_context():
        assert (
            db.db_session().scalar(
                select(AuditEvent).where(
                    AuditEvent.action == "consent.read", AuditEvent.actor_id == AuditEvent.subject_id
                )
            )
            is None
        )
    html = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Nils Lund, fullmakt, så samtykkene" in html
    assert "Du endret samtykket til Fastlegen" in html


@pytest.mark.parametrize("locale", LOCALES)
def test_the_access_log_names_every_consent_event_in_every_language(app, client, locale):
    with app.app_context(), db.new_session() as s:
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        for action in (
            "consent.read",
            "consent.given",
            "consent.changed",
            "consent.withdrawn",
            "plan_consent.given",
            "plan_consent.withdrawn",
        ):
            s.add(
                AuditEvent(
                    actor_id=kari.id,
                    subject_id=kari.id,
                    basis="self",
                    action=action,
                    object_type="consent",
                    object_id="1",
                    details={"service": "Logopeden"},  # on no demo plan
                )
            )
        s.commit()
    log_in_test_client(app, client, KARI, locale=locale)
    html = client.get("/tilgangslogg").get_data(as_text=True)
    assert html.count("Logopeden") == 3
    generic = {"nb": "gjorde en endring", "nn": "gjorde ei endring", "en": "made a change", "se": "rievdadii juoidá"}
    assert generic[locale] not in html  # each event in words of its own, not the catch-all


def test_the_plan_consent_can_be_withdrawn_without_a_login_and_given_again_with_one(app, client):
    import time

    log_in_test_client(app, client, KARI)
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time() - 3600
    assert client.get("/samtykke/plan/trekk-tilbake").status_code == 200
    token = client.csrf_token("/samtykke")
    assert client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"}).status_code == 303
    html = client.get("/samtykke/plan").get_data(as_text=True)
    assert "Samtykket til individuell plan er trukket tilbake." in html
    assert "Samtykke til å ha en individuell plan ble gitt" not in client.get("/plan").get_data(as_text=True)
    given = client.post("/samtykke/plan/gi", {"csrf_token": token, "version": "2", "next": "/samtykke/plan"})
    assert "fresh=1" in given.headers["Location"]
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time()
    assert client.post("/samtykke/plan/gi", {"csrf_token": token, "version": "2"}).status_code == 303
    assert "Samtykke til å ha en individuell plan ble gitt" in client.get("/plan").get_data(as_text=True)
    # A replay of the same form: nothing more happens.
    client.post("/samtykke/plan/gi", {"csrf_token": token, "version": "2"})
    replayed = client.get("/samtykke/plan").get_data(as_text=True)
    assert "Samtykket til individuell plan er allerede gitt " in replayed and "Det ble gjort av" not in replayed
    with app.app_context():
        rows = (
            db.db_session()
            .scalars(
                select(ConsentChange)
                .where(ConsentChange.kind == "plan", ConsentChange.subject_id == ConsentChange.author_id)
                .order_by(ConsentChange.id)
            )
            .all()
        )  # PostgreSQL keeps no order of its own
        assert [r.action for r in rows if r.after.get("given_on")][-2:] == ["withdrawn", "given"]


def test_the_plan_page_links_to_the_consents(app, client):
    log_in_test_client(app, client, KARI)
    assert 'href="/samtykke"' in client.get("/plan").get_data(as_text=True)
    assert 'href="/samtykke"' in client.get("/min-side").get_data(as_text=True)
    act_for(app, client, PER, EMMA)
    assert "Se hvem som kan dele hva om Emma Hansen" in client.get("/plan").get_data(as_text=True)


def test_the_consent_page_costs_the_same_queries_for_fifty_services(app, client, queries_stay_flat):
    from datetime import date

    from sqlalchemy import delete

    from app.models import Participant, Plan, SharingConsent

    log_in_test_client(app, client, KARI)

    def grow(s):
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        plan = s.scalar(select(Plan).where(Plan.owner_id == kari.id))
        for n in range(50):
            participant = Participant(plan_id=plan.id, position=100 + n, kind="service", service=f"Tjeneste {n}")
            s.add(participant)
            s.flush()
            s.add(
                SharingConsent(
                    plan_id=plan.id,
                    participant_id=participant.id,
                    status="given",
                    areas=["health"],
                    purpose="Prøve.",
                    valid_from=date(2026, 1, 1),
                    changed_by_id=kari.id,
                    basis="self",
                )
            )

    def shrink(s):
        s.execute(
            delete(SharingConsent).where(
                SharingConsent.participant_id.in_(select(Participant.id).where(Participant.service.like("Tjeneste %")))
            )
        )
        s.execute(delete(Participant).where(Participant.service.like("Tjeneste %")))

    queries_stay_flat(client, "/samtykke", grow, shrink, shows="Tjeneste 49")
