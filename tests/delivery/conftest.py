"""The stand-ins on free ports, in this process, over real SMTP and HTTP."""

from __future__ import annotations

import socket
import threading

import pytest
from werkzeug.serving import make_server

from app.delivery import settings
from devstandins import sms as sms_standin
from devstandins import smtp as smtp_standin
from devstandins.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "mailbox.sqlite3")


@pytest.fixture
def smtp_server(store):
    """Starts an SMTP stand-in with the given options; returns the config to reach it."""
    started = []

    def start(**options):
        port = free_port()
        server = smtp_standin.controller(store, port=port, **options)
        server.start()
        started.append(server)
        return {**settings({}, production=False), "SMTP_PORT": port, "SMTP_TIMEOUT": 5}

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sms_gateway(store):
    """Starts an SMS gateway stand-in with the given options; returns the config to reach it."""
    started = []

    def start(**options):
        server = make_server("127.0.0.1", 0, sms_standin.create_app(store, **options), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return {**settings({}, production=False), "SMS_GATEWAY_URL": f"http://127.0.0.1:{server.server_port}"}

    yield start
    for server in started:
        server.shutdown()
