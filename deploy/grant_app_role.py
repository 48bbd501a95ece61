"""After every `alembic upgrade head`, as the tables' owner: the app's own role may read and write
every table and sequence, but never UPDATE, DELETE or TRUNCATE a table of history (one the
migrations gave an `<table>_append_only` trigger: the audit log, the consent history, the cases'
and the plans' histories). Run again after each migration, it covers the tables it added.

    DATABASE_URL=postgresql://minplan_owner:…@db/minplan MINPLAN_APP_ROLE=minplan python deploy/grant_app_role.py

compose.yaml's `migrate` service runs it; README "Running in production" gives the same as SQL."""

from __future__ import annotations

import os
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

HISTORY_TABLES = text(
    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND t.tgname = c.relname || '_append_only' ORDER BY c.relname"
)


def grant(connection: Connection, role: str) -> list[str]:
    """The grants, in the caller's transaction; the tables kept append-only for `role`."""
    quote = connection.dialect.identifier_preparer.quote
    who = quote(role)
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {who}"))
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}"))
    history = list(connection.execute(HISTORY_TABLES).scalars())
    for table in history:
        connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {who}"))
    return history


def main() -> int:
    url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    role = os.environ.get("MINPLAN_APP_ROLE", "minplan")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            history = grant(connection, role)
    finally:
        engine.dispose()
    print(f"grant_app_role: {role} may read and write; append-only for it: {', '.join(history)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
