"""send_email over real SMTP to the stand-in: what arrives, and how refusals are told apart."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest

from app.delivery import PermanentFailure, TemporaryFailure, send_email
from tests.delivery.conftest import free_port

TEXT = "Hei Kari! Det er et nytt møte i planen din på Askøy. Blåbær, ærlig og øre."
HTML = "<p>Hei Kari! Det er et nytt <b>møte</b> i planen din. Æ Ø Å.</p>"


def received(store):
    return [message_from_bytes(mail.raw, policy=default) for mail in store.mails()]


def test_a_notice_arrives_with_its_own_message_id_language_and_norwegian_letters(smtp_server, store):
    config = smtp_server()
    config["SMTP_REPLY_TO"] = "Koordinerende enhet <ke@askoy.example>"
    send_email(config, "kari@example.no", "Nytt møte på Askøy", TEXT, HTML, "notice-42@minplan.example", language="nn")

    [message] = received(store)
    assert message["Message-ID"] == "<notice-42@minplan.example>"
    assert message["Subject"] == "Nytt møte på Askøy"
    assert message["To"] == "kari@example.no"
    assert message["From"] == "Min plan <minplan@localhost>"
    assert message["Reply-To"] == "Koordinerende enhet <ke@askoy.example>"
    assert message["Content-Language"] == "nn"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_body(("plain",)).get_content().strip() == TEXT
    assert "Æ Ø Å" in message.get_body(("html",)).get_content()
    assert store.mails()[0].rcpt_to == "kari@example.no"


def test_a_retry_carries_the_same_message_id(smtp_server, store):
    config = smtp_server(fail_first=1)
    with pytest.raises(TemporaryFailure):
        send_email(config, "kari@example.no", "Emne", TEXT, None, "notice-7")
    send_email(config, "kari@example.no", "Emne", TEXT, None, "notice-7")

    [message] = received(store)
    assert message["Message-ID"] == "<notice-7@localhost>"
    assert not message.is_multipart()  # text only when there is no html


def test_a_server_that_is_not_there_is_a_temporary_failure(smtp_server):
    config = {**smtp_server(), "SMTP_PORT": free_port()}
    with pytest.raises(TemporaryFailure):
        send_email(config, "kari@example.no", "Emne", TEXT, None, "notice-1")


def test_starttls_required_but_not_offered_sends_nothing_in_clear(smtp_server, store):
    config = {**smtp_server(), "SMTP_STARTTLS": True}
    with pytest.raises(TemporaryFailure, match="does not offer"):
        send_email(config, "kari@example.no", "Emne", TEXT, None, "notice-1")
    assert store.mails() == []


# The stand-in warns that AUTH without TLS is unsafe: it listens on loopback only.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_server_requiring_auth_takes_the_right_login_only(smtp_server, store):
    config = smtp_server(user="minplan", password="riktig")
    with pytest.raises(TemporaryFailure):  # no login: the server refuses the mail until AUTH
        send_email(config, "kari@example.no", "Emne", TEXT, None, "notice-1")
    with pytest.raises(TemporaryFailure):  # a wrong password: kept for a retry once it is fixed
        send_email({**config, "SMTP_USERNAME": "minplan", "SMTP_PASSWORD": "feil"}, "a@b.no", "E", TEXT, None, "n-2")
    assert store.mails() == []

    send_email({**config, "SMTP_USERNAME": "minplan", "SMTP_PASSWORD": "riktig"}, "a@b.no", "E", TEXT, None, "n-3")
    assert len(store.mails()) == 1


def test_a_recipient_refused_for_good_is_a_permanent_failure(smtp_server, store):
    config = smtp_server()
    with pytest.raises(PermanentFailure):
        send_email(config, "ingen@finnes.invalid", "Emne", TEXT, None, "notice-1")
    assert store.mails() == []
