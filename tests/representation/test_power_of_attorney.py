"""Granting and revoking a fullmakt: the law's limits, step-up, and nothing typed lost."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from app import db
from app.demo.relations import RELATIONS
from app.models import Representation
from tests.auth.sessions import log_in_test_client
from tests.people import EMMA, JONAS, KARI, NILS, PER, RANDI, SARA


def _grant(client, **form):
    token = client.csrf_token("/fullmakter")
    data = {
        "pid": RANDI,
        "name": "Randi Berg",
        "scopes": ["read"],
        "valid_to": "",
        "csrf_token": token,
        "next": "/fullmakter/ny",
        **form,
    }
    return client.post("/fullmakter/ny", data)


def test_kari_grants_randi_a_fullmakt_and_randi_may_then_act_for_her(app, client):
    log_in_test_client(app, client, KARI)
    response = _grant(client, scopes=["read", "contribute"], valid_to="31.12.2030")
    assert response.status_code == 303
    page = client.get("/fullmakter").get_data(as_text=True)
    assert "Randi Berg har nå fullmakt." in page
    assert " til og med 31. desember 2030." in page and "Fullmakt til å se planen din og ta del i den." in page
    assert "Du ga Randi Berg fullmakt til å se planen og ta del i den " in client.get("/tilgangslogg").get_data(
        as_text=True
    )
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, RANDI)
    assert "Kari Nordmann" in client.get("/hvem-handler-du-for").get_data(as_text=True)


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"pid": KARI, "name": "Kari Nordmann"}, "pid", "Du kan ikke gi fullmakt til deg selv."),
        ({"pid": EMMA, "name": "Emma Hansen"}, "pid", "Den som får fullmakt, må være minst 18 år."),
        ({"pid": "12345678901"}, "pid", "Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer."),
        ({"pid": "1283850251"}, "pid", "Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer."),
        (
            {"name": "Randi\x00 Berg"},
            "name",
            "Navnet har usynlige tegn eller kontrolltegn. Vi har tatt dem bort: se over navnet og send igjen.",
        ),
        (
            {"name": "Randi \u202egreB"},
            "name",
            "Navnet har usynlige tegn eller kontrolltegn. Vi har tatt dem bort: se over navnet og send igjen.",
        ),
        ({"name": "   "}, "name", "Skriv navnet til den som skal få fullmakt."),
        ({"scopes": []}, "scopes", "Velg hva fullmakten gjelder."),
        ({"scopes": ["consent"]}, "scopes", "Velg hva fullmakten gjelder."),
        ({"valid_to": "01.01.2020"}, "valid_to", "Sluttdatoen kan ikke være før i dag."),
        ({"valid_to": "32.13.2030"}, "valid_to", "Datoen finnes ikke: måneden må være et tall fra 1 til 12."),
        ({"pid": NILS, "name": "Nils"}, "pid", "Du har allerede gitt denne personen en fullmakt."),
    ],
    ids=[
        "to-oneself",
        "to-a-child",
        "bad-check-digits",
        "ten-digits",
        "nul-in-name",
        "bidi-override-in-name",
        "blank-name",
        "no-scope",
        "consent-is-no-scope",
        "end-in-the-past",
        "impossible-date",
        "already-granted",
    ],
)
def test_bad_input_gets_a_clear_message_at_the_field_and_nothing_is_saved(app, client, form, field, message):
    log_in_test_client(app, client, KARI)
    response = _grant(client, **form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Feil:" in html
    assert html.count(message) == 2, "the message belongs in the summary and at the field"
    typed_name = "".join(c for c in form.get("name", "Randi Berg") if c not in "\x00\u202e").strip()
    if typed_name:
        assert f'value="{typed_name}"' in html  # what was typed is kept
    with app.app_context():
        assert db.db_session().scalar(select(func.count()).select_from(Representation)) == len(RELATIONS)


def test_a_stale_login_keeps_the_form_while_the_person_logs_in_again(app, client):
    log_in_test_client(app, client, KARI)
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time() - 3600
    response = _grant(client, name="Randi Berg", valid_to="01.02.2031")
    assert response.status_code == 303
    assert "fresh=1" in response.headers["Location"] and "acr=idporten-loa-high" in response.headers["Location"]
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time()  # as the step-up login would
    html = client.get("/fullmakter/ny").get_data(as_text=True)
    assert 'value="Randi Berg"' in html and 'value="01.02.2031"' in html


def test_kari_revokes_nils_and_his_next_request_is_refused(app, client):
    nils = client.client.application.test_client()
    from tests.conftest import PageClient

    nils = PageClient(nils, app)
    log_in_test_client(app, nils, NILS)
    with app.app_context():
        fullmakt = db.db_session().scalar(select(Representation.id).where(Representation.basis == "power_of_attorney"))
    token = nils.csrf_token("/hvem-handler-du-for")
    assert nils.post("/hvem-handler-du-for", {"subject": str(fullmakt), "csrf_token": token}).status_code == 303
    assert "Du handler nå på vegne av Kari Nordmann" in nils.get("/min-side").get_data(as_text=True)

    log_in_test_client(app, client, KARI)
    token = client.csrf_token("/fullmakter")
    assert client.post(f"/fullmakter/{fullmakt}/trekk-tilbake", {"csrf_token": token}).status_code == 303
    assert "Fullmakten til Nils Lund er trukket tilbake." in client.get("/fullmakter").get_data(as_text=True)
    # Pressed twice (a double click): nothing more happens.
    assert client.post(f"/fullmakter/{fullmakt}/trekk-tilbake", {"csrf_token": token}).status_code == 303

    page = nils.get("/min-side").get_data(as_text=True)
    assert "Du handler nå på vegne av Kari Nordmann" not in page
    assert "Fullmakten er trukket tilbake." in page


def test_nobody_revokes_a_fullmakt_that_is_not_theirs(app, client):
    with app.app_context():
        fullmakt = db.db_session().scalar(select(Representation.id).where(Representation.basis == "power_of_attorney"))
    log_in_test_client(app, client, NILS)  # the holder, not the grantor
    token = client.csrf_token("/fullmakter")
    assert client.post(f"/fullmakter/{fullmakt}/trekk-tilbake", {"csrf_token": token}).status_code == 404
    assert client.post("/fullmakter/999999/trekk-tilbake", {"csrf_token": token}).status_code == 404


def test_a_14_year_old_cannot_grant_a_fullmakt(app, client):
    log_in_test_client(app, client, SARA)
    assert client.get("/fullmakter/ny").status_code == 403
    assert "Gi en ny fullmakt" not in client.get("/fullmakter").get_data(as_text=True)


def test_jonas_is_told_that_he_now_decides_and_may_grant_his_father_a_fullmakt(app, client):
    log_in_test_client(app, client, JONAS)
    assert "Du har fylt 16 år. Nå bestemmer du selv" in client.get("/min-side").get_data(as_text=True)
    response = _grant(client, pid=PER, name="Per Hansen", scopes=["read"])
    assert response.status_code == 303
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, PER)
    choices = client.get("/hvem-handler-du-for").get_data(as_text=True).split("Du kan ikke lenger handle for")[0]
    assert "Jonas Hansen" in choices and "fullmakt" in choices


def test_someone_acting_for_another_cannot_grant_on_their_behalf(app, client):
    log_in_test_client(app, client, RANDI)  # Randi, Ola's verge
    with app.app_context():
        verge = db.db_session().scalar(select(Representation.id).where(Representation.basis == "guardian"))
    token = client.csrf_token("/hvem-handler-du-for")
    client.post("/hvem-handler-du-for", {"subject": str(verge), "csrf_token": token})
    assert client.get("/fullmakter/ny").status_code == 403
    assert _grant(client, pid=NILS, name="Nils Lund").status_code == 403
