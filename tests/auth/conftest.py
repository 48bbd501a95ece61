"""Fixtures for logging in through the stand-in: a visitor, and the log lines the app writes."""

from __future__ import annotations

import logging

import pytest

from tests.auth.visitor import Visitor


class EventLog(logging.Handler):
    """The structured events the app logs, collected (works with `-p no:logging` too)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def events(self, name: str | None = None) -> list[dict]:
        found = [{k: v for k, v in r.__dict__.items() if not k.startswith("_")} for r in self.records]
        return [e for e in found if name is None or e.get("event") == name]

    def refusals(self) -> list[str]:
        return [e["reason"] for e in self.events("login.refused")]


@pytest.fixture
def events():
    handler = EventLog()
    logger = logging.getLogger()  # the root: auth, session and error events alike
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.fixture
def visitor(live_server, idp):
    return Visitor(live_server, idp.issuer)


@pytest.fixture(autouse=True)
def _no_tampering_left_over(idp):
    yield
    idp.store.next_id_token_claims = {}
    idp.store.next_id_token_key = None
