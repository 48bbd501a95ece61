"""Append-only tables in the database (see c11audit0003): triggers refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL) unless the table's owner runs in maintenance mode."""

from __future__ import annotations

from alembic import op

FUNCTION = "minplan_refuse_history_change"  # made by c11audit0003


def append_only_triggers(tables: tuple[str, ...], pg_too: bool = True) -> None:
    """The triggers for `tables`; on PostgreSQL only when `pg_too` (an ALTER there keeps a table's
    triggers, where SQLite's copy-and-move drops them with the old table)."""
    if op.get_bind().dialect.name == "postgresql":
        if not pg_too:
            return
        for table in tables:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        return
    for table in tables:
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation.lower()}")
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"WHEN minplan_maintenance() = 0 "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
            )
