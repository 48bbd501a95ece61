"""The contact register's stand-in on a free port, over real HTTP, and a count of what reached it."""

from __future__ import annotations

import pytest

from devstandins.krr import create_app
from tests.conftest import serve_in_thread

KARI = "12838502510"  # e-mail and mobile
PER = "30849009334"  # reserved
NILS = "11917539245"  # nothing registered
ARNE = "02915533658"  # e-mail only
NOBODY = "01018000000"  # not in the register


class Counting:
    """WSGI middleware that counts the requests reaching the stand-in."""

    def __init__(self, app):
        self.app, self.requests = app, 0

    def __call__(self, environ, start_response):
        self.requests += 1
        return self.app(environ, start_response)


@pytest.fixture
def krr():
    counting = Counting(create_app(environment="test"))
    server = serve_in_thread(counting)
    counting.url = f"http://127.0.0.1:{server.server_port}"
    yield counting
    server.shutdown()


def no_pid_in(records, *pids: str) -> bool:
    """No log record, in any of its parts, names one of these identity numbers."""
    for record in records:
        text = f"{record.getMessage()} {record.__dict__!r}"
        if any(pid in text or f"{pid[:6]} {pid[6:]}" in text for pid in pids):
            return False
    return True
