"""Shared fixtures: one migrated database per test run, the app, and the checking page client."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

os.environ.setdefault("MINPLAN_ENV", "test")

import pytest
from alembic import command
from alembic.config import Config
from flask import session as request_session
from flask import url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from werkzeug.serving import make_server

from app import create_app, db
from app.demo import data as demo_data
from app.models import Base
from app.sessions import STAFF, STAFF_PREFIX, realm_of
from tests import scheduling
from tests.databases import fresh_database
from tests.demo_lookups import resolved
from tests.demo_snapshot import Snapshot, Writes, listen
from tests.log_check import no_secrets_in_the_logs  # noqa: F401 - a check over the whole run
from tests.page_checks import check_document, check_fragment

ROOT = Path(__file__).resolve().parent.parent
TEST_CLIENT_ID = "minplan-test"
TEST_CLIENT_SECRET = "test-client-secret"
TEST_CLIENT_BASE = "http://localhost"  # where Flask's test client says it is


def pytest_collection_modifyitems(config, items):
    """On the second database, only what reaches a database and is not the language × mode
    matrix repeated; on both, the long files first (tests/scheduling.py says why)."""
    if os.environ.get("TEST_ON_DATABASE"):
        kept, left = scheduling.for_the_second_database(items)
        if left:
            config.hook.pytest_deselected(items=left)
        items[:] = kept
    items[:] = scheduling.long_files_first(items)


def serve_in_thread(wsgi_app=None):
    """A real HTTP server on a free loopback port; set `.app` later if the app needs the port."""
    server = make_server("127.0.0.1", 0, wsgi_app or (lambda environ, start: []), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def idp():
    """The ID-porten stand-in on its own port, over real HTTP, as `make run` uses it."""
    from devidp import create_app as create_stand_in
    from devidp.registry import Client

    server = serve_in_thread()
    issuer = f"http://127.0.0.1:{server.server_port}"
    client = Client(
        client_id=TEST_CLIENT_ID,
        name="Min plan",
        auth_method="client_secret_basic",
        base_urls=[TEST_CLIENT_BASE],
        client_secret=TEST_CLIENT_SECRET,
    )
    server.app = create_stand_in(issuer, [client])
    stand_in = server.app.extensions["devidp"]
    yield stand_in
    server.shutdown()


TEST_STAFF_CLIENT_ID = "minplan-staff-test"
TEST_STAFF_CLIENT_SECRET = "test-staff-client-secret"


@pytest.fixture(scope="session")
def staff_idp():
    """The staff provider's stand-in (devidp's staff realm) on its own port, over real HTTP."""
    from devidp import create_app as create_stand_in
    from devidp.registry import Client

    server = serve_in_thread()
    issuer = f"http://127.0.0.1:{server.server_port}"
    client = Client(
        client_id=TEST_STAFF_CLIENT_ID,
        name="Min plan for ansatte",
        auth_method="client_secret_basic",
        base_urls=[TEST_CLIENT_BASE],
        client_secret=TEST_STAFF_CLIENT_SECRET,
        realm="staff",
    )
    server.app = create_stand_in(issuer, [client], realm="staff")
    yield server.app.extensions["devidp"]
    server.shutdown()


def staff_idp_config(staff_idp, **overrides) -> dict:
    return {
        "STAFF_OIDC_DISCOVERY_URL": f"{staff_idp.issuer}/.well-known/openid-configuration",
        "STAFF_OIDC_CLIENT_ID": TEST_STAFF_CLIENT_ID,
        "STAFF_OIDC_CLIENT_SECRET": TEST_STAFF_CLIENT_SECRET,
        **overrides,
    }


def idp_config(idp, **overrides) -> dict:
    return {
        "IDPORTEN_DISCOVERY_URL": f"{idp.issuer}/.well-known/openid-configuration",
        "IDPORTEN_CLIENT_ID": TEST_CLIENT_ID,
        "IDPORTEN_CLIENT_SECRET": TEST_CLIENT_SECRET,
        **overrides,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(os.environ.get("TEST_ON_DATABASE"), tmp_path_factory.mktemp("db")) as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        yield url


@pytest.fixture(scope="session")
def app(database_url, idp, staff_idp, tmp_path_factory):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "TESTING": True,
            # The developer's mailbox page reads a mailbox of the tests' own, not `make run`'s.
            "DEV_MAILBOX_PATH": str(tmp_path_factory.mktemp("mailbox") / "dev_mailbox.sqlite3"),
            **idp_config(idp),
            **staff_idp_config(staff_idp),
        }
    )
    with app.app_context():
        demo_data.load()
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def live_server(app, idp, staff_idp):
    server = serve_in_thread(app)
    base_url = f"http://127.0.0.1:{server.server_port}"
    idp.clients[TEST_CLIENT_ID].add_base_url(base_url)
    staff_idp.clients[TEST_STAFF_CLIENT_ID].add_base_url(base_url)
    yield base_url
    server.shutdown()


WRITES = Writes(Base.metadata.sorted_tables)
listen(WRITES)


@pytest.fixture(scope="session")
def demo_snapshot(app):
    """Every table as the demo data left it, read once per test run (and per worker)."""
    with app.app_context():
        snapshot = Snapshot(app.extensions["db_engine"])
    WRITES.take()
    return snapshot


@pytest.fixture(autouse=True)
def _demo_data_as_loaded(request):
    """After every test that reaches the database, every table it wrote to is as the demo data left
    it: logins, the persons' language choices, consents, the audit log, rows in tables added later.
    A test without a database is left alone (asking for the app here would tie every test to one)."""
    if "database_url" not in request.fixturenames:
        yield
        return
    snapshot = request.getfixturevalue("demo_snapshot")
    app = request.getfixturevalue("app")
    yield
    written = WRITES.take()
    if written:
        with app.app_context():
            snapshot.restore(written)
        WRITES.take()  # the restore's own statements


# Nothing listens on port 1: a Redis that cannot be reached.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def task_queue_kept():
    """An app made with make_app points the process's one task queue at its storage: give it back."""
    from app.notifications.queue import huey

    storage = huey.storage
    yield
    huey.storage = storage


def make_app(database_url: str, **config):
    """A separate app on the test database, for tests that add routes or change settings."""
    return create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "another-test-secret-key-32-bytes", "TESTING": True, **config}
    )


class PageClient:
    """A test client that addresses pages by endpoint and checks every HTML response."""

    def __init__(self, client, app):
        self.client = client
        self.app = app

    def url(self, endpoint: str, **values) -> str:
        """The endpoint's path; a demo lookup among the values becomes the id it finds."""
        values = resolved(self.app, values)
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def _check(self, response, path: str, htmx: bool):
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            html = response.get_data(as_text=True)
            if htmx:
                check_fragment(html, path)
            else:
                check_document(html, path, response.headers.get("Content-Security-Policy"))
        return response

    def get(self, path: str, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers = {**headers, "HX-Request": "true"}
        return self._check(self.client.get(path, headers=headers, **kwargs), path, htmx)

    def get_page(self, endpoint: str, htmx: bool = False, **values):
        return self.get(self.url(endpoint, **values), htmx=htmx)

    def post(self, path: str, data: dict | None = None, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers = {**headers, "HX-Request": "true"}
        return self._check(self.client.post(path, data=data or {}, headers=headers, **kwargs), path, htmx)

    def csrf_token(self, path: str | None = None) -> str:
        """The CSRF token every page of this client's session carries, without fetching one:
        Flask-WTF mints it on the session the client's cookie names (and stores it there if the
        session has none yet). `path` may name the form's page for the reader; on the staff side
        it chooses the staff session (app/sessions.py: each side has its own)."""
        where = STAFF_PREFIX + "/" if path and realm_of(path) == STAFF else "/"
        # A fresh `g` too: Flask-WTF caches the token there.
        with (
            self.client.session_transaction(where) as stored,
            self.app.app_context(),
            self.app.test_request_context(where),
        ):
            request_session.update(stored)
            token = generate_csrf()
            stored.update({key: value for key, value in request_session.items() if stored.get(key) != value})
        return token


@pytest.fixture
def client(app):
    return PageClient(app.test_client(), app)


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextlib.contextmanager
def counting_statements(engine):
    """The SQL statements the engine runs inside the block, in a QueryCounter."""
    counter = QueryCounter()

    def record(conn, cursor, statement, *args):
        counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements run while the test runs: `with count_queries() as q: …; q.count`."""
    return lambda: counting_statements(app.extensions["db_engine"])


@pytest.fixture
def queries_stay_flat(app, count_queries):
    """Checks that a page costs the same SQL statements after its data grows (no N+1).

    `grow(session)` adds rows, `shrink(session)` removes them again; `shows` must be on the
    grown page, so the test knows the new rows were really rendered."""

    def check(client, path: str, grow, shrink, shows: str) -> None:
        client.get(path)  # the first request of a session may create its row
        with count_queries() as small:
            client.get(path)
        with app.app_context(), db.new_session() as s:
            grow(s)
            s.commit()
        try:
            with count_queries() as large:
                assert shows in client.get(path).get_data(as_text=True)
            assert large.count == small.count, f"{small.count} statements grew to {large.count}"
        finally:
            with app.app_context(), db.new_session() as s:
                shrink(s)
                s.commit()

    return check
