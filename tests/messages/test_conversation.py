"""The conversation between the person and the coordinator, over HTTP: the owner writes, the
coordinator reads and answers, the unread counts move on both sides, a representative is named as
who they are and for whom, a read-only fullmakt only reads, and another municipality's
coordinator finds nothing."""

from __future__ import annotations

from app.services.messages import MESSAGE_MAX
from tests.auth.sessions import act_for, log_in_test_client
from tests.messages.helpers import audit_actions, messages_of, plan_id, post
from tests.people import KARI, NILS, OLA, RANDI
from tests.staff.sessions import ASKOY_COORDINATOR, LUSTER_COORDINATOR, log_in_staff

KARI_WORDS = "Kan vi flytte møtet til neste uke?"
LINE_WORDS = "Ja, jeg foreslår tirsdag klokka ti."


def _staff_page(app, pid: str) -> str:
    return f"/ansatt/planer/{plan_id(app, pid)}/meldinger"


def test_owner_writes_the_coordinator_reads_and_answers_and_the_counts_move(app, client):
    log_in_test_client(app, client, KARI)
    page = client.get("/meldinger").get_data(as_text=True)
    assert 'name="text"' in page and "Ingen meldinger ennå" in page
    assert post(client, "/meldinger", text=KARI_WORDS).status_code == 303
    assert KARI_WORDS in client.get("/meldinger").get_data(as_text=True)

    log_in_staff(app, client, ASKOY_COORDINATOR)
    caseload = client.get("/ansatt/planer").get_data(as_text=True)
    assert "1 ulest melding fra personen" in caseload and "1 ulest melding" in caseload
    page = client.get(_staff_page(app, KARI)).get_data(as_text=True)
    assert KARI_WORDS in page and "Kari Nordmann" in page
    assert 'href="/ansatt/planer" aria-current="true">Mine planer' in page  # the menu says where she is
    assert "ulest melding" not in client.get("/ansatt/planer").get_data(as_text=True)
    [sent] = messages_of(app, KARI)
    assert ("message.read", str(sent.id)) in audit_actions(app, KARI)
    assert post(client, _staff_page(app, KARI), text=LINE_WORDS).status_code == 303

    my_page = client.get("/min-side").get_data(as_text=True)
    assert "Du har 1 ny melding." in my_page
    page = client.get("/meldinger").get_data(as_text=True)
    assert LINE_WORDS in page and "Line Haugland, koordinator" in page and "Lest" in page
    assert "ny melding" not in client.get("/min-side").get_data(as_text=True)

    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Du sendte en melding til koordinatoren" in log
    assert "Koordinator Line Haugland i Askøy kommune leste en melding fra deg" in log
    assert "Koordinator Line Haugland i Askøy kommune sendte deg en melding" in log


def test_a_representative_is_named_as_who_they_are_and_for_whom(app, client):
    act_for(app, client, RANDI, OLA)
    assert post(client, "/meldinger", text="Ola vil gjerne ha besøk før klokka ni.").status_code == 303
    [message] = messages_of(app, OLA)
    assert message.basis == "guardian"
    log_in_staff(app, client, LUSTER_COORDINATOR)
    assert "Randi Berg, for Ola Berg" in client.get(_staff_page(app, OLA)).get_data(as_text=True)
    log_in_test_client(app, client, OLA, locale="nn", easy_read=True)
    page = client.get("/meldinger").get_data(as_text=True)
    assert "Randi Berg, for Ola Berg" in page


def test_a_read_only_fullmakt_reads_but_cannot_write(app, client):
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text=KARI_WORDS)
    act_for(app, client, NILS, KARI)
    page = client.get("/meldinger")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and KARI_WORDS in html and 'name="text"' not in html
    [mine] = messages_of(app, KARI)
    assert post(client, "/meldinger", text="Smuglet inn").status_code in (403, 404)
    assert post(client, f"/meldinger/{mine.id}/trekk-tilbake").status_code in (403, 404)
    assert [m.text for m in messages_of(app, KARI)] == [KARI_WORDS]
    assert messages_of(app, KARI)[0].withdrawn_at is None


def test_withdrawing_leaves_a_trace_and_only_the_sender_can(app, client):
    log_in_test_client(app, client, KARI)
    post(client, "/meldinger", text=KARI_WORDS)
    [mine] = messages_of(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert post(client, f"{_staff_page(app, KARI)}/{mine.id}/trekk-tilbake").status_code == 404
    post(client, _staff_page(app, KARI), text=LINE_WORDS)
    theirs = messages_of(app, KARI)[-1]
    assert post(client, f"/meldinger/{theirs.id}/trekk-tilbake").status_code == 404
    assert post(client, f"/meldinger/{mine.id}/trekk-tilbake").status_code == 303
    page = client.get("/meldinger").get_data(as_text=True)
    assert KARI_WORDS not in page and "Meldingen ble trukket tilbake" in page and LINE_WORDS in page
    assert [m.text for m in messages_of(app, KARI)] == [KARI_WORDS, LINE_WORDS]  # kept as written
    staff_page = client.get(_staff_page(app, KARI)).get_data(as_text=True)
    assert KARI_WORDS not in staff_page and "Meldingen ble trukket tilbake" in staff_page
    assert "Du trakk tilbake en melding" in client.get("/tilgangslogg").get_data(as_text=True)


def test_hostile_input_is_refused_at_the_field_and_nothing_is_saved(app, client):
    log_in_test_client(app, client, KARI)
    for text, expected in (
        ("", "Skriv meldingen før du sender den."),
        ("   \x00\x07  ", "Skriv meldingen før du sender den."),
        ("x" * 100_000, f"Teksten har {100_000 - MESSAGE_MAX} tegn for mye. Du kan skrive opptil {MESSAGE_MAX} tegn."),
    ):
        response = post(client, "/meldinger", text=text)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and "Dette må rettes" in page and expected in page, expected
        assert 'href="#field-text"' in page and 'aria-invalid="true"' in page
    assert "x" * 100_000 in page  # what was typed is kept
    assert messages_of(app, KARI) == []
    assert post(client, "/meldinger", text="Hei\x00 der\x1b\nny linje").status_code == 303
    assert [m.text for m in messages_of(app, KARI)] == ["Hei der\nny linje"]


def test_another_municipalitys_coordinator_finds_nothing(app, client):
    log_in_staff(app, client, LUSTER_COORDINATOR)
    assert client.get(_staff_page(app, KARI)).status_code == 404
    assert post(client, _staff_page(app, KARI), text="Hei").status_code == 404
    assert messages_of(app, KARI) == []


def test_the_same_message_sent_twice_at_once_is_one_message(app, client):
    """A double click, or a form sent again after a slow answer: one message, one audit row, one notice."""
    log_in_test_client(app, client, KARI)
    assert post(client, "/meldinger", text=KARI_WORDS).status_code == 303
    assert post(client, "/meldinger", text=KARI_WORDS).status_code == 303
    assert [m.text for m in messages_of(app, KARI)] == [KARI_WORDS]
    assert [a for a in audit_actions(app, KARI) if a[0] == "message.sent"] == [
        ("message.sent", str(messages_of(app, KARI)[0].id))
    ]
    # The coordinator's answer sent twice is one answer too; different words are a new message.
    log_in_staff(app, client, ASKOY_COORDINATOR)
    for _ in range(2):
        assert post(client, _staff_page(app, KARI), text=LINE_WORDS).status_code == 303
    assert [m.text for m in messages_of(app, KARI)] == [KARI_WORDS, LINE_WORDS]
    assert post(client, _staff_page(app, KARI), text=LINE_WORDS + " Ha en fin dag.").status_code == 303
    assert len(messages_of(app, KARI)) == 3
