"""compose.yaml's migrations end with deploy/grant_app_role.py: the app's own role may then read
and write every table, but the history tables (each one the migrations made append-only) refuse
it UPDATE, DELETE and TRUNCATE by privilege too, before any trigger is asked. PostgreSQL only."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from tests.concurrency.conftest import demo_database
from tests.concurrency.server import ROOT

HISTORY = ("audit_event", "consent_change", "ke_case_event", "plan_change")


@pytest.fixture
def migrated(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("roles and grants are PostgreSQL's")
    with demo_database(tmp_path) as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        role = f"minplan_app_{secrets.token_hex(4)}"
        with engine.begin() as connection:
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        try:
            yield url, engine, role
        finally:
            with engine.begin() as connection:
                connection.execute(text(f"DROP OWNED BY {role}"))
                connection.execute(text(f"DROP ROLE {role}"))
            engine.dispose()


def _as(engine, role: str, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"SET LOCAL ROLE {role}"))
        connection.execute(text(statement))


def test_the_app_role_writes_the_tables_but_never_changes_history(migrated):
    url, engine, role = migrated
    ran = subprocess.run(
        [sys.executable, "deploy/grant_app_role.py"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "MINPLAN_APP_ROLE": role},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    for table in HISTORY:
        assert table in ran.stdout

    _as(engine, role, "UPDATE person SET locale = locale")  # an ordinary table: allowed
    _as(engine, role, "SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))")
    with engine.connect() as connection:
        for table in HISTORY:
            may_insert = f"SELECT has_table_privilege('{role}', '{table}', 'INSERT')"
            assert connection.execute(text(may_insert)).scalar() is True, table
    for table in HISTORY:
        for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):
            with pytest.raises(ProgrammingError, match="permission denied"):
                _as(engine, role, statement)
