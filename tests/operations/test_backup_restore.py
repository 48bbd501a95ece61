"""A backup that was never restored is a hope: scripts/backup.sh dumps a database holding the demo
data, the database is dropped, scripts/restore.sh brings it back into a new one, and Min plan
started on that one lets Kari log in through ID-porten's stand-in and read her plan, with every
audit row as it was and the audit log still append-only. PostgreSQL only (pg_dump)."""

from __future__ import annotations

import os
import subprocess

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from app.models import AuditEvent
from tests.concurrency.conftest import demo_database
from tests.concurrency.forms import csrf
from tests.concurrency.server import ROOT, RealServer
from tests.conftest import TEST_CLIENT_ID, TEST_CLIENT_SECRET
from tests.databases import fresh_database
from tests.people import KARI

KARIS_GOAL = "Jeg vil gå tur i nærmiljøet tre ganger i uka uten å få vondt."
WORDS = "Skrevet etter at databasen ble hentet fra sikkerhetskopien."


def _script(name: str, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        env={**os.environ, "DATABASE_URL": url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _audit_rows(url: str) -> list[tuple]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(select(AuditEvent.__table__).order_by(AuditEvent.id))]
    finally:
        engine.dispose()


@pytest.fixture
def server_url(database_url):
    """The PostgreSQL server the suite runs on; each database here is made and dropped by the test."""
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_dump and pg_restore back up PostgreSQL; SQLite is one file")
    return os.environ["TEST_ON_DATABASE"]


def test_a_backup_restored_into_a_new_database_serves_kari_her_plan_and_keeps_the_audit_log(server_url, idp, tmp_path):
    dump = tmp_path / "backups" / "minplan.dump"
    with demo_database(tmp_path) as original:
        audit_before = _audit_rows(original)
        made = _script("backup.sh", original, str(dump))
        assert made.returncode == 0, made.stderr
    # The original is dropped: whatever follows comes from the file alone.
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert oct(dump.stat().st_mode & 0o777) == "0o600"  # every person's plan: for its owner only
    assert not dump.with_name(dump.name + ".partial").exists()
    assert len(audit_before) > 10

    with fresh_database(server_url, tmp_path) as restored:
        done = _script("restore.sh", restored, str(dump))
        assert done.returncode == 0, done.stderr
        assert _audit_rows(restored) == audit_before

        again = _script("restore.sh", restored, str(dump))  # over a database that has tables: refused
        assert again.returncode != 0 and "new, empty" in again.stderr

        server = RealServer(restored, idp, TEST_CLIENT_ID, TEST_CLIENT_SECRET, tmp_path / "gunicorn.log")
        idp.clients[TEST_CLIENT_ID].add_base_url(server.url)
        try:
            kari = server.visitor(KARI)
            plan = kari.get("/plan")
            assert plan.status_code == 200 and KARIS_GOAL in plan.text
            # She writes: new rows take ids after the restored ones (the sequences came back too).
            page = kari.get("/meldinger")
            assert kari.post("/meldinger", {"csrf_token": csrf(page), "text": WORDS}).status_code == 303
            assert WORDS in kari.get("/meldinger").text
            after = _audit_rows(restored)
            assert after[: len(audit_before)] == audit_before and len(after) > len(audit_before)
            assert server.server_errors() == []
            # The append-only triggers came back with the tables: history cannot be changed.
            with pytest.raises(DBAPIError), server.engine.begin() as connection:
                connection.execute(text("UPDATE audit_event SET action = 'forged' WHERE id = :id"), {"id": after[0][0]})
        finally:
            server.stop()


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    refused = _script("backup.sh", f"sqlite:///{tmp_path / 'minplan.sqlite3'}", str(tmp_path / "x.dump"))
    assert refused.returncode == 2 and "not a PostgreSQL database" in refused.stderr
    assert not (tmp_path / "x.dump").exists()
