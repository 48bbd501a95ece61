"""The audit log's monthly partitions on PostgreSQL (SQLite keeps one table).

`audit_event` is partitioned by range on `occurred_at`, one partition per calendar month in UTC
(`audit_event_2026_12`), with a DEFAULT partition that catches a row no month was made for. Each
month must exist before its first row: a month whose rows already sit in the DEFAULT partition
cannot be made until they are moved out. So the next months are made ahead, by the worker's
periodic task or by hand (`flask --app app maintenance audit-partitions`).

Making a partition is DDL on the parent, which only the tables' owner may do: the app's own role
(README, "Running in production") cannot. Where the worker runs as that role, the task only
checks, and says in the log which months are missing and how to make them.

What the append-only triggers do not cover on their own: the row triggers refusing UPDATE and DELETE
are defined on the parent and cloned onto every partition, but truncating one partition by name
does not fire the parent's TRUNCATE trigger, so each partition gets its own.

Past the retention period a month is taken out whole, by the owner, never by the app:
    ALTER TABLE audit_event DETACH PARTITION audit_event_2026_01;
    DROP TABLE audit_event_2026_01;   -- after a backup of it, if the decision asks for one
(docs/capacity.md, "Growth: the audit log by month")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

PARENT = "audit_event"
DEFAULT = "audit_event_default"
# The function the append-only triggers run (migration c11audit0003).
REFUSE = "minplan_refuse_history_change"
MONTHS_AHEAD = 3


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def name_of(month: date) -> str:
    return f"{PARENT}_{month:%Y_%m}"


def no_truncate(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {REFUSE}()"
    )


def month_ddl(month: date) -> list[str]:
    """The statements that make one month's partition, with its own TRUNCATE trigger (the indexes
    and the row triggers come from the parent)."""
    name = name_of(month)
    return [
        f"CREATE TABLE {name} PARTITION OF {PARENT} "
        f"FOR VALUES FROM ('{month.isoformat()} 00:00:00+00') TO ('{month_after(month).isoformat()} 00:00:00+00')",
        no_truncate(name),
    ]


def is_partitioned(connection: Connection) -> bool:
    if connection.dialect.name != "postgresql":
        return False
    kind = connection.scalar(text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": PARENT})
    return kind == "p"


def partitions(connection: Connection) -> list[str]:
    """The partitions of the audit log, by name."""
    return list(
        connection.scalars(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = to_regclass(:t) ORDER BY c.relname"
            ),
            {"t": PARENT},
        )
    )


def missing_months(connection: Connection, today: date, ahead: int = MONTHS_AHEAD) -> list[date]:
    """This month and the next `ahead`, those without a partition (none on SQLite)."""
    if not is_partitioned(connection):
        return []
    present = set(partitions(connection))
    months, month = [], first_of_month(today)
    for _ in range(ahead + 1):
        if name_of(month) not in present:
            months.append(month)
        month = month_after(month)
    return months


class CannotCreate(RuntimeError):
    """The role may not make partitions (only the owner may), or the DEFAULT partition already holds
    rows of the month."""


def make_months_ahead(session: Session, today: date, ahead: int = MONTHS_AHEAD) -> list[str]:
    """Make the partitions missing for this month and the next `ahead`; their names."""
    made = []
    for month in missing_months(session.connection(), today, ahead):
        try:
            for statement in month_ddl(month):
                session.execute(text(statement))
            session.commit()  # each month on its own: one that cannot be made keeps none of the others back
        except DBAPIError as error:
            session.rollback()
            raise CannotCreate(f"{name_of(month)}: {error.orig}") from error
        made.append(name_of(month))
    session.rollback()  # the lookups' transaction, when nothing was missing
    return made
