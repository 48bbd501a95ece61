"""A real multi-process server on a database of its own: the shared demo data is never touched."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from app import create_app
from app.demo import data as demo_data
from tests.concurrency.server import ROOT, RealServer
from tests.conftest import TEST_CLIENT_ID, TEST_CLIENT_SECRET
from tests.databases import fresh_database


@contextlib.contextmanager
def demo_database(tmp: Path) -> Iterator[str]:
    """A database of its own, migrated and holding the demo people."""
    with fresh_database(os.environ.get("TEST_ON_DATABASE"), tmp) as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        loader = create_app({"DATABASE_URL": url, "SECRET_KEY": "concurrency-loader-secret-32-bytes!", "TESTING": True})
        with loader.app_context():
            demo_data.load()
        loader.extensions["db_engine"].dispose()
        yield url


@pytest.fixture(scope="session")
def real_server(idp, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("concurrency")
    with demo_database(tmp) as url:
        server = RealServer(url, idp, TEST_CLIENT_ID, TEST_CLIENT_SECRET, tmp / "gunicorn.log")
        idp.clients[TEST_CLIENT_ID].add_base_url(server.url)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def no_server_errors(real_server):
    """After the test: not one 500 or traceback in the server's log."""
    before = len(real_server.server_errors())
    yield
    assert real_server.server_errors()[before:] == []
