"""Who may read, give, change and withdraw consent: the whole table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.domain.rules import Basis, GuardianMandate
from app.models import Person, Representation
from tests.auth.sessions import act_for, choose_subject, log_in_test_client
from tests.consent.helpers import changes_of, consent_of, give, participant_id, withdraw
from tests.people import ARNE, EMMA, JONAS, KARI, NILS, OLA, PER, RANDI, SARA


def _register(
    app, holder_pid: str, represented_pid: str, basis: Basis, scopes=(), lacks_capacity: bool | None = None
) -> int:
    """A representation registered outside the app (by the Statsforvalteren or KE), for one test."""
    with app.app_context(), db.new_session() as s:
        holder = s.scalar(select(Person).where(Person.pid == holder_pid))
        represented = s.scalar(select(Person).where(Person.pid == represented_pid))
        if lacks_capacity is not None:
            represented.lacks_capacity = lacks_capacity
        relation = Representation(
            holder_id=holder.id,
            represented_id=represented.id,
            basis=basis.value,
            scopes=[str(x) for x in scopes],
            created_by_id=holder.id,
        )
        s.add(relation)
        s.commit()
        return relation.id


def _may(client, owner_pid: str, service: str) -> dict[str, bool]:
    """What the logged-in actor may do with the consent to one service of owner's plan."""
    app = client.app
    service_id = participant_id(app, owner_pid, service)
    overview = client.get("/samtykke")
    manage_page = client.get(
        f"/samtykke/{service_id}/trekk-tilbake"
        if consent_of(app, service_id) and consent_of(app, service_id).status == "given"
        else f"/samtykke/{service_id}/gi"
    )
    return {
        "read": overview.status_code == 200 and service in overview.get_data(as_text=True),
        "manage": manage_page.status_code == 200,
    }


@pytest.mark.parametrize(
    "holder, owner, service, read, manage",
    [
        (KARI, KARI, "Fastlegen", True, True),  # self, 16 or older
        (EMMA, EMMA, "Skolen", True, False),  # a child under 16 reads her own, her parents decide
        (SARA, SARA, "Skolen", True, False),  # 12–15 herself: the same
        (PER, EMMA, "Skolen", True, True),  # parent of a child under 12
        (NILS, SARA, "Skolen", True, True),  # parent of a child of 12–15
        (RANDI, OLA, "Heimetenesta", True, True),  # verge with a health mandate
        (NILS, KARI, "Fastlegen", True, False),  # fullmakt: reads, never gives or withdraws
    ],
    ids=[
        "self-16+",
        "child-under-12-herself",
        "child-12-15-herself",
        "parent-under-12",
        "parent-12-15",
        "verge-health",
        "fullmakt-read-only",
    ],
)
def test_who_may_read_and_manage_consent(app, client, holder, owner, service, read, manage):
    if holder == owner:
        log_in_test_client(app, client, holder)
    else:
        act_for(app, client, holder, owner)
    assert _may(client, owner, service) == {"read": read, "manage": manage}


def test_the_fullmakt_holder_is_refused_every_change(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    nav = participant_id(app, KARI, "NAV Askøy")
    act_for(app, client, NILS, KARI)
    assert withdraw(client, fastlegen).status_code == 403
    assert give(client, nav).status_code == 403
    assert client.get(f"/samtykke/{fastlegen}/endre").status_code == 403
    assert client.get("/samtykke/plan").status_code == 200
    token = client.csrf_token("/samtykke")
    assert client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"}).status_code == 403
    assert consent_of(app, fastlegen).status == "given" and consent_of(app, nav) is None
    assert "Samtykker kan bare Kari Nordmann selv, en verge eller en forelder gi eller trekke tilbake." in client.get(
        "/samtykke"
    ).get_data(as_text=True)


def test_a_child_sees_that_her_parents_decide_and_no_buttons(app, client):
    log_in_test_client(app, client, EMMA)
    html = client.get("/samtykke").get_data(as_text=True)
    assert "Foreldrene dine bestemmer dette til du fyller 16 år." in html
    assert "Trekk tilbake samtykket" not in html and "Gi samtykke til" not in html


def test_per_cannot_act_for_jonas_after_his_16th_birthday_but_jonas_decides_himself(app, client):
    log_in_test_client(app, client, PER)
    from tests.auth.sessions import representation_id

    assert choose_subject(client, representation_id(app, PER, JONAS)).status_code == 404
    assert client.get("/samtykke").status_code == 200  # Per's own page: he has no plan
    assert "Jonas" not in client.get("/samtykke").get_data(as_text=True)
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, JONAS)
    assert "Du har ikke en individuell plan." in client.get("/samtykke").get_data(as_text=True)


def test_a_verge_with_only_a_personal_mandate_reads_but_cannot_consent(app, client):
    _register(app, ARNE, OLA, Basis.GUARDIAN, [GuardianMandate.PERSONAL])
    act_for(app, client, ARNE, OLA, Basis.GUARDIAN.value)
    heimetenesta = participant_id(app, OLA, "Heimetenesta")
    assert client.get("/samtykke").status_code == 200
    assert client.get(f"/samtykke/{heimetenesta}/trekk-tilbake").status_code == 403
    assert withdraw(client, heimetenesta).status_code == 403


def test_a_verge_with_only_a_financial_mandate_cannot_act_at_all(app, client):
    relation = _register(app, ARNE, OLA, Basis.GUARDIAN, [GuardianMandate.FINANCIAL])
    log_in_test_client(app, client, ARNE)
    assert choose_subject(client, relation).status_code == 404


def test_a_relative_of_a_person_registered_as_lacking_capacity_may_consent(app, client):
    relation = _register(app, ARNE, OLA, Basis.RELATIVE, lacks_capacity=True)
    log_in_test_client(app, client, ARNE)
    assert choose_subject(client, relation).status_code == 303
    dagsenteret = participant_id(app, OLA, "Dagsenteret i Gaupne")
    assert withdraw(client, dagsenteret).status_code == 303
    change = changes_of(app, dagsenteret)[-1]
    with app.app_context():
        arne = db.db_session().scalar(select(Person).where(Person.pid == ARNE))
        ola = db.db_session().scalar(select(Person).where(Person.pid == OLA))
    assert (change.action, change.author_id, change.subject_id, change.basis) == (
        "withdrawn",
        arne.id,
        ola.id,
        "relative",
    )


def test_the_same_relative_is_refused_when_no_lack_of_capacity_is_registered(app, client):
    relation = _register(app, ARNE, OLA, Basis.RELATIVE, lacks_capacity=False)
    log_in_test_client(app, client, ARNE)
    assert choose_subject(client, relation).status_code == 404


def test_randi_gives_consent_for_ola_and_the_record_says_on_whose_behalf_and_why(app, client):
    act_for(app, client, RANDI, OLA)
    dagsenteret = participant_id(app, OLA, "Dagsenteret i Gaupne")
    assert withdraw(client, dagsenteret).status_code == 303
    assert give(client, dagsenteret, areas=["daily-living", "health"]).status_code == 303
    html = client.get("/samtykke/historikk").get_data(as_text=True)
    assert "Samtykke til Dagsenteret i Gaupne ble gitt av deg." in html
    with app.app_context():
        randi = db.db_session().scalar(select(Person).where(Person.pid == RANDI))
    latest = changes_of(app, dagsenteret)[-1]
    assert (latest.action, latest.author_id, latest.basis) == ("given", randi.id, "guardian")
    assert consent_of(app, dagsenteret).areas == ["health", "daily-living"]
