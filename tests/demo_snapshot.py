"""Every test starts from the demo data as it was loaded, whatever the test before it wrote.

After the demo data is loaded once per test run, every table of the models' metadata is read
into a snapshot (the rows are few). A listener on every engine in this process (the live server's
thread and the apps a test builds share it) notes which tables a statement wrote to; after a test,
only those tables are read again, and each that differs from its snapshot is put back. A new table
is in the metadata, so it is in the snapshot: nothing has to remember to add it here.

A test that only reads pays nothing; one that logs in pays a read of the tables it wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Table, delete, event, insert, select, text, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app import db
from app.models import Base

EVERY_TABLE = "*"

_WRITE = re.compile(r'\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Statements that write nothing. Anything else unknown (DDL, TRUNCATE, a CTE) counts as writing everywhere.
_READ = re.compile(
    r"\s*(SELECT|PRAGMA|SET|SHOW|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|EXPLAIN|VALUES)\b", re.IGNORECASE
)


def _cascades_to(tables: list[Table]) -> dict[str, set[str]]:
    """For each table, the tables whose rows the database itself changes when one of its rows is
    deleted (ON DELETE CASCADE or SET NULL), followed through: those change with no statement naming them."""
    direct: dict[str, set[str]] = {t.name: set() for t in tables}
    for table in tables:
        for key in table.foreign_keys:
            if (key.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                direct[key.column.table.name].add(table.name)
    closure: dict[str, set[str]] = {}
    for name in direct:
        seen, todo = set(), [name]
        while todo:
            for child in direct[todo.pop()] - seen:
                seen.add(child)
                todo.append(child)
        closure[name] = seen
    return closure


class Writes:
    """The tables written since the last look, by any engine in this process."""

    def __init__(self, tables: list[Table]):
        self.tables: set[str] = set()
        self._cascades = _cascades_to(tables)

    def note(self, _connection, _cursor, statement: str, *_args) -> None:
        if (match := _WRITE.match(statement)) is not None:
            name = match.group(2).lower()
            self.tables.add(name)
            if match.group(1).upper().startswith("DELETE"):
                self.tables |= self._cascades.get(name, set())
        elif _READ.match(statement) is None:
            self.tables.add(EVERY_TABLE)

    def take(self) -> set[str]:
        taken, self.tables = self.tables, set()
        return taken


Rows = dict[tuple, dict]


def _read(connection: Connection, table: Table) -> Rows:
    key = list(table.primary_key.columns)
    return {
        tuple(row[c.name] for c in key): dict(row)
        for row in connection.execute(select(table).order_by(*key)).mappings()
    }


def _where_key(table: Table, keys: Iterable[tuple]):
    columns = list(table.primary_key.columns)
    if len(columns) == 1:
        return columns[0].in_([k[0] for k in keys])
    return tuple_(*columns).in_(list(keys))


class Snapshot:
    """Every table's rows as the demo data left them, and the way back to them."""

    def __init__(self, engine: Engine):
        self.tables = list(Base.metadata.sorted_tables)  # parents before children
        with engine.connect() as connection:
            self.rows = {t.name: _read(connection, t) for t in self.tables}

    def differing(self, connection: Connection, written: set[str] | None = None) -> dict[str, Rows]:
        """The rows now of each table (of those written, or all) that is not as in the snapshot."""
        now = {}
        for table in self.tables:
            if written is None or EVERY_TABLE in written or table.name in written:
                rows = _read(connection, table)
                if rows != self.rows[table.name]:
                    now[table.name] = rows
        return now

    def restore(self, written: set[str] | None = None) -> list[str]:
        """Put back every table (of those written, or all) that differs; the names of those put back.

        Row by row where it can (rows changed back, rows added deleted, rows gone added again);
        if that trips over a constraint, every table is emptied and filled again."""
        try:
            return self._in_maintenance(lambda c: self._put_back(c, written))
        except IntegrityError:  # e.g. a row the test changed and one it added hold the same unique value
            return self._in_maintenance(self._put_back_everything)

    @staticmethod
    def _in_maintenance(work: Callable[[Connection], list[Table]]) -> list[str]:
        # The audit log and the consent history refuse changes in the database, except in maintenance.
        with db.new_session() as session, db.maintenance(session):
            connection = session.connection()
            restored = work(connection)
            if restored and connection.dialect.name == "postgresql":
                for table in restored:
                    if "id" in table.c and table.c.id.autoincrement:
                        connection.execute(
                            text(
                                "SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
                                f' FROM "{table.name}"'
                            ),
                            {"t": table.name},
                        )
            session.commit()
        return [t.name for t in restored]

    def _put_back(self, connection: Connection, written: set[str] | None) -> list[Table]:
        now = self.differing(connection, written)
        tables = [t for t in self.tables if t.name in now]
        for table in tables:
            for key, row in self.rows[table.name].items():
                if key in now[table.name] and now[table.name][key] != row:
                    connection.execute(update(table).where(_where_key(table, [key])).values(row))
        for table in reversed(tables):  # children first
            added = now[table.name].keys() - self.rows[table.name].keys()
            if added:
                connection.execute(delete(table).where(_where_key(table, added)))
        for table in tables:  # parents first
            gone = [row for key, row in self.rows[table.name].items() if key not in now[table.name]]
            if gone:
                connection.execute(insert(table), gone)
        return tables

    def _put_back_everything(self, connection: Connection) -> list[Table]:
        for table in reversed(self.tables):
            connection.execute(delete(table))
        for table in self.tables:
            if self.rows[table.name]:
                connection.execute(insert(table), list(self.rows[table.name].values()))
        return self.tables


def listen(writes: Writes) -> None:
    event.listen(Engine, "before_cursor_execute", writes.note)
