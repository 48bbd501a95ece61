"""The koordinerende enhet in a plan's conversation, over HTTP: while the person has an open case on
the desk of their municipality, a KE officer there opens the conversation from the case, reads it
(in the person's access log as the KE) and answers, named to the person as the KE; nobody else
gets in (no case, a decided case, another municipality, another plan's coordinator), and each
side's reading is its own. A person whose plan has no coordinator writes to the KE."""

from __future__ import annotations

import logging

from bs4 import BeautifulSoup

from tests.auth.sessions import act_for, log_in_test_client
from tests.messages.helpers import (
    appoint_for_sara,
    audit_actions,
    make_ke_officer,
    messages_of,
    officer_handles,
    open_complaint,
    plan_id,
    post,
)
from tests.people import KARI, NILS, SARA
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
)

KARI_WORDS = "Det har ikke skjedd noe siden i vår."
HILDE_WORDS = "Vi har fått klagen din og ringer deg på mandag."
KE_LABEL = "Koordinerende enhet i Askøy kommune – Hilde Brekke"


def _staff_page(app, pid: str) -> str:
    return f"/ansatt/planer/{plan_id(app, pid)}/meldinger"


def test_the_ke_opens_the_conversation_from_an_open_case_reads_and_answers(app, client):
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text=KARI_WORDS)
    case_id = open_complaint(app, KARI)

    log_in_staff(app, client, ASKOY_OFFICER)
    case_page = client.get(f"/ansatt/saker/{case_id}").get_data(as_text=True)
    assert f'href="{_staff_page(app, KARI)}"' in case_page and "Meldinger med Kari Nordmann" in case_page
    page = client.get(_staff_page(app, KARI)).get_data(as_text=True)
    assert KARI_WORDS in page and "for koordinerende enhet" in page and f'href="/ansatt/saker/{case_id}"' in page
    [sent] = messages_of(app, KARI)
    assert ("message.read", str(sent.id)) in audit_actions(app, KARI)
    assert post(client, _staff_page(app, KARI), text=HILDE_WORDS).status_code == 303
    answer = messages_of(app, KARI)[-1]
    assert answer.text == HILDE_WORDS and answer.sender_role == "ke"

    log_in_test_client(app, client, KARI)
    assert "Du har 1 ny melding." in client.get("/min-side").get_data(as_text=True)
    page = client.get("/meldinger").get_data(as_text=True)
    assert HILDE_WORDS in page and KE_LABEL in page
    assert "Koordinerende enhet i kommunen behandler en sak nå" in page  # she is told who reads
    log = client.get("/tilgangslogg").get_data(as_text=True)
    officer = "Saksbehandler Hilde Brekke i koordinerende enhet, Askøy kommune,"
    assert f"{officer} leste en melding fra deg" in log and f"{officer} sendte deg en melding" in log

    # The coordinator reads the KE's answer named as the KE's, and Hilde may withdraw only her own.
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert KE_LABEL in client.get(_staff_page(app, KARI)).get_data(as_text=True)
    log_in_staff(app, client, ASKOY_OFFICER)
    assert post(client, f"{_staff_page(app, KARI)}/{sent.id}/trekk-tilbake").status_code == 404
    assert post(client, f"{_staff_page(app, KARI)}/{answer.id}/trekk-tilbake").status_code == 303
    assert messages_of(app, KARI)[-1].withdrawn_at is not None


def test_the_access_log_names_the_ke_in_every_language_and_in_easy_read(app, client):
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text=KARI_WORDS)
    open_complaint(app, KARI)
    log_in_staff(app, client, ASKOY_OFFICER)
    client.get(_staff_page(app, KARI))
    for locale, easy_read, words in (
        ("nn", False, "Sakshandsamar Hilde Brekke i koordinerande eining, Askøy kommune, las ei melding frå deg"),
        (
            "en",
            False,
            "Case officer Hilde Brekke of the coordinating unit, Askøy municipality, read a message from you",
        ),
        ("se", False, "Áššemeannudeaddji Hilde Brekke koordinerejeaddji ovttadagas, Askøy gielda, logai du dieđáhusa"),
        ("nb", True, "Hilde Brekke jobber i koordinerende enhet i Askøy."),
    ):
        log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
        assert words in client.get("/tilgangslogg").get_data(as_text=True), locale


def test_no_open_case_another_municipality_or_another_plans_coordinator_finds_nothing(app, client, caplog):
    caplog.set_level(logging.INFO)
    luster_officer = make_ke_officer(app, NO_ROLE, "03899807153")  # Eirik, KE in Luster (Ola's)
    assert luster_officer
    log_in_staff(app, client, ASKOY_OFFICER)
    assert client.get(_staff_page(app, KARI)).status_code == 404  # Kari has no case: nothing to do here
    assert "policy.object_refused" in {getattr(r, "event", None) for r in caplog.records}
    assert post(client, _staff_page(app, KARI), text="Hei").status_code == 404

    case_id = open_complaint(app, KARI)
    for who in (NO_ROLE, ASKOY_OTHER_COORDINATOR, LUSTER_COORDINATOR):
        log_in_staff(app, client, who)
        caplog.clear()
        assert client.get(_staff_page(app, KARI)).status_code == 404, who
        assert "policy.object_refused" in {getattr(r, "event", None) for r in caplog.records}, who
        assert post(client, _staff_page(app, KARI), text="Hei").status_code == 404, who

    log_in_staff(app, client, ASKOY_OFFICER)
    assert client.get(_staff_page(app, KARI)).status_code == 200
    officer_handles(app, ASKOY_OFFICER, case_id, "take", "decide")
    assert client.get(_staff_page(app, KARI)).status_code == 404  # decided: no longer the KE's
    assert post(client, _staff_page(app, KARI), text="Hei").status_code == 404
    assert "Meldinger med" not in client.get(f"/ansatt/saker/{case_id}").get_data(as_text=True)
    assert messages_of(app, KARI) == []


def test_each_side_reads_for_itself(app, client):
    open_complaint(app, KARI)
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text=KARI_WORDS)

    log_in_staff(app, client, ASKOY_OFFICER)
    client.get(_staff_page(app, KARI))
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert "1 ulest melding" in client.get("/ansatt/planer").get_data(as_text=True)  # the KE's look moved nothing
    log_in_test_client(app, client, KARI)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Sendt, ikke lest ennå" in page and ">Lest<" not in page  # she writes to her coordinator

    log_in_staff(app, client, ASKOY_COORDINATOR)
    client.get(_staff_page(app, KARI))
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text="Og møtet i mai ble avlyst.")
    log_in_staff(app, client, ASKOY_COORDINATOR)
    client.get(_staff_page(app, KARI))
    # The coordinator has read both; the KE has read only the first: the second is new to her.
    log_in_staff(app, client, ASKOY_OFFICER)
    assert _new_to_reader(client.get(_staff_page(app, KARI))) == ["Og møtet i mai ble avlyst."]


def _new_to_reader(response) -> list[str]:
    """The words of the messages the page marks "Ny"."""
    items = BeautifulSoup(response.get_data(as_text=True), "html.parser").select("li.message")
    return [li.select_one(".message__text").get_text(strip=True) for li in items if li.find(string="Ny")]


def test_without_a_coordinator_she_writes_to_the_ke_and_keeps_it_from_her_father(app, client):
    log_in_test_client(app, client, SARA)
    page = client.get("/meldinger").get_data(as_text=True)
    assert 'id="write"' not in page and "Koordinatoren, Hanne Ruud, får ikke meldinger i Min plan ennå." in page
    assert post(client, "/meldinger", text="Hei").status_code == 409  # nobody to read it yet

    make_ke_officer(app, ASKOY_OFFICER, SARA)  # Hilde handles cases in Horten too
    case_id = open_complaint(app, SARA)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Skriv til koordinerende enhet" in page and "Koordinatoren, Hanne Ruud, får ikke meldinger" in page
    assert "Da ser bare du og koordinerende enhet meldingen og svaret på den." in page
    response = post(client, "/meldinger", text="Bare til dere.", private="on")
    assert response.status_code == 303
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Meldingen er sendt til koordinerende enhet." in page
    assert "Bare du og koordinerende enhet ser denne meldingen." in page
    assert "Du sendte en melding til koordinerende enhet" in client.get("/tilgangslogg").get_data(as_text=True)
    [secret] = messages_of(app, SARA)
    assert secret.private_from_parents

    log_in_staff(app, client, ASKOY_OFFICER)
    assert "Meldinger med Sara Lund" in client.get(f"/ansatt/saker/{case_id}").get_data(as_text=True)
    page = client.get(_staff_page(app, SARA)).get_data(as_text=True)
    assert "Bare til dere." in page and f"svar={secret.id}" in page
    reply = post(client, _staff_page(app, SARA), text="Vi hører deg.", reply_to=str(secret.id))
    assert reply.status_code == 303
    answer = messages_of(app, SARA)[-1]
    assert answer.private_from_parents and answer.sender_role == "ke"

    log_in_test_client(app, client, SARA)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Koordinerende enhet i Horten kommune – Hilde Brekke" in page and "Vi hører deg." in page
    assert ">Lest<" in page  # the KE has read what she sent it
    act_for(app, client, NILS, SARA)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Bare til dere." not in page and "Vi hører deg." not in page
    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert "leste en melding fra Sara Lund" not in log and "sendte en melding til Sara Lund" not in log
    assert "sendte en melding til koordinerende enhet" not in log


def test_once_a_coordinator_is_appointed_the_person_writes_to_them(app, client):
    make_ke_officer(app, ASKOY_OFFICER, SARA)
    open_complaint(app, SARA)
    appoint_for_sara(app, SARA)
    log_in_test_client(app, client, SARA)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Skriv til koordinatoren" in page
    assert "Da ser bare du, koordinatoren og koordinerende enhet meldingen og svaret på den." in page
    assert post(client, "/meldinger", text="Hei").status_code == 303
    assert "Meldingen er sendt til koordinatoren." in client.get("/meldinger").get_data(as_text=True)
