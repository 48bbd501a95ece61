"""Many audit rows about other people, made by the database itself (INSERT … SELECT over a
series), and the statements a page runs on the audit log with their plans: for the access log's
test at 50 000 rows and its benchmark at a million (benchmarks/access_log.py)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.engine import Engine

from app import db
from app.models import AuditEvent

INDEX = "ix_audit_event_subject_recent"

# Every person but one, each with `per_person` rows spread over the last year: reads of their plan by
# their coordinator, with details like the real ones (a staff member's name, role and municipality).
_SERIES = {
    "postgresql": "generate_series(1, :per_person) AS g(n)",
    "sqlite": "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < :per_person) SELECT n FROM s) AS g",
}
_WHEN = {
    "postgresql": "now() - (g.n * interval '31 seconds') - (p.id * interval '7 seconds')",
    "sqlite": "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (g.n * 31 + p.id * 7) || ' seconds')",
}
_INSERT = """
INSERT INTO audit_event (occurred_at, actor_id, subject_id, basis, action, object_type, object_id, details)
SELECT {when}, p.id, p.id, 'staff:coordinator', 'plan.read', 'plan', CAST(p.id AS VARCHAR(40)),
       {details}
FROM person AS p CROSS JOIN {series}
WHERE p.id <> :spared
"""
_DETAILS = '{"staff_name": "Line Haugland", "staff_role": "coordinator", "municipality": "Askøy kommune"}'


def add_rows_for_others(connection: Connection, spared_person_id: int, rows: int) -> int:
    """About `rows` audit rows (rounded up to whole rows per person) for everyone but the one
    spared; the id of the last row before them, for `remove_rows_after`."""
    dialect = connection.dialect.name
    before = connection.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
    others = connection.scalar(text("SELECT count(*) FROM person WHERE id <> :spared"), {"spared": spared_person_id})
    per_person = -(-rows // others)
    details = f"CAST('{_DETAILS}' AS JSON)" if dialect == "postgresql" else f"'{_DETAILS}'"
    sql = _INSERT.format(when=_WHEN[dialect], series=_SERIES[dialect], details=details)
    connection.execute(text(sql), {"per_person": per_person, "spared": spared_person_id})
    if dialect == "postgresql":
        connection.execute(text("ANALYZE audit_event"))  # as autovacuum would soon after
    return before


def remove_rows_after(session, last_kept_id: int) -> None:
    """The rows `add_rows_for_others` made, gone again (the audit log's own maintenance mode)."""
    with db.maintenance(session):
        session.execute(text("DELETE FROM audit_event WHERE id > :last"), {"last": last_kept_id})
    session.commit()


@dataclass
class Statements:
    all: list[str] = field(default_factory=list)
    on_audit: list[tuple[str, object]] = field(default_factory=list)


@contextlib.contextmanager
def statements_run(engine: Engine):
    """Every statement the engine runs in the block; those reading the audit log with their parameters."""
    found = Statements()

    def note(_conn, _cursor, statement, parameters, _context, _many):
        found.all.append(statement)
        if re.search(r"\bFROM audit_event\b", statement) and statement.lstrip().upper().startswith("SELECT"):
            found.on_audit.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", note)


def plan_of(connection: Connection, statement: str, parameters) -> str:
    """The database's plan for the statement, as text."""
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def index_and_its_partitions(connection: Connection) -> set[str]:
    """The access log's index, and on a partitioned audit log the same index on each partition."""
    names = {INDEX}
    if connection.dialect.name == "postgresql":
        names |= set(
            connection.scalars(
                text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "WHERE i.inhparent = to_regclass(:index)"
                ),
                {"index": INDEX},
            )
        )
    return names


def reads_through_the_index(connection: Connection, plan: str) -> bool:
    used = set(re.findall(r"(?:using|Index Scan on|INDEX) (\w+)", plan))
    return bool(used & index_and_its_partitions(connection))


def scans_the_whole_table(connection: Connection, plan: str) -> bool:
    """PostgreSQL's sequential scan of the audit log or of a partition that holds rows (an empty
    month ahead costs nothing to scan), or SQLite's SCAN (of the table or a whole index)."""
    if connection.dialect.name != "postgresql":
        return bool(re.search(r"\bSCAN audit_event\b", plan))
    return any(
        connection.scalar(text("SELECT pg_relation_size(to_regclass(:t))"), {"t": name})
        for name in re.findall(r"Seq Scan on (audit_event\w*)", plan)
    )
