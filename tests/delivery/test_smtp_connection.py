"""A worker keeps one connection to the mail server for a stream of notices; a connection the
server has closed meanwhile (a restart, its idle timeout) is opened again for the next notice,
which arrives once, neither lost nor doubled."""

from __future__ import annotations

import pytest

from app.delivery import PermanentFailure, send_email, settings, smtp_connection
from devstandins import smtp as smtp_standin
from tests.delivery.conftest import free_port


class MailServer:
    """The stand-in on one port, restarted there as a mail server is."""

    def __init__(self, store):
        self.store, self.port = store, free_port()
        self.controller = self._start()
        self.config = {**settings({}, production=False), "SMTP_PORT": self.port, "SMTP_TIMEOUT": 5}

    def _start(self):
        controller = smtp_standin.controller(self.store, port=self.port)
        controller.start()
        return controller

    def restart(self) -> None:
        self.controller.stop()
        self.controller = self._start()

    def connections(self) -> int:
        """How many connections the messages this server took came over."""
        return len(set(self.controller.handler.peers))


@pytest.fixture
def server(store):
    smtp_connection.close()  # whatever an earlier test left open in this thread
    running = MailServer(store)
    yield running
    smtp_connection.close()
    running.controller.stop()


def _send(config, n: int, to: str = "kari@example.no") -> None:
    send_email(config, to, "Nytt i Min plan", "Det er noe nytt i Min plan.", None, f"notice-{n}@minplan.example")


def _arrived(store) -> list[str]:
    return sorted(mail.message_id for mail in store.mails())


def _ids(*numbers: int) -> list[str]:
    return sorted(f"<notice-{n}@minplan.example>" for n in numbers)


def test_several_notices_go_over_one_connection(server, store):
    for n in range(5):
        _send(server.config, n)
    assert _arrived(store) == _ids(0, 1, 2, 3, 4)
    assert server.connections() == 1


def test_a_connection_the_server_closed_is_opened_again_and_the_notice_arrives_once(server, store):
    _send(server.config, 1)
    server.restart()  # the kept connection is dead now, and the client does not know it yet
    _send(server.config, 2)
    _send(server.config, 3)
    assert _arrived(store) == _ids(1, 2, 3)
    assert server.connections() == 1  # the new server's: 2 and 3 over one new connection


def test_after_a_refused_address_the_next_notice_still_arrives(server, store):
    _send(server.config, 1)
    with pytest.raises(PermanentFailure):
        _send(server.config, 2, to="nobody@mailbox.invalid")
    _send(server.config, 3)
    assert _arrived(store) == _ids(1, 3)


def test_without_keeping_connections_each_notice_has_its_own(server, store):
    config = {**server.config, "SMTP_KEEP_OPEN_SECONDS": 0}
    for n in range(3):
        _send(config, n)
    assert _arrived(store) == _ids(0, 1, 2)
    assert server.connections() == 3


def test_a_connection_is_not_kept_past_its_number_of_messages(server, store):
    config = {**server.config, "SMTP_MESSAGES_PER_CONNECTION": 2}
    for n in range(5):
        _send(config, n)
    assert _arrived(store) == _ids(0, 1, 2, 3, 4)
    assert server.connections() == 3
