"""Bytes per row of the tables that grow: the audit log, the plans' history, the sessions and the
notices, measured on PostgreSQL after loading rows shaped like the real ones (docs/capacity.md).

Not a test: `make bench-row-sizes`, or
    .venv/bin/python -m benchmarks.row_sizes [--rows 200000]
It makes a PostgreSQL database of its own (BENCH_DATABASE_URL's server, default the local one),
migrates it, loads the demo data, logs Kari in once (a real session row), and lets the database copy
the demo's own rows until each table holds about `--rows`: the audit log's and the plans' history's
mix of actions and details as the demo has them, Kari's session with new tokens, one outbox row per
copied plan change and an e-mail and an SMS delivery for each. Then, per table: the rows' average
size (pg_column_size), the table, its indexes and TOAST (pg_total_relation_size) divided by its rows.
The figures go to stdout and benchmarks/row_sizes.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MINPLAN_ENV", "test")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app import create_app, db  # noqa: E402
from app.demo import data as demo_data  # noqa: E402
from benchmarks.access_log import _log_in  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.people import KARI  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TABLES = ("audit_event", "plan_change", "browser_session", "outbox_event", "notice_delivery")

_AUDIT = """
INSERT INTO audit_event (occurred_at, actor_id, subject_id, basis, action, object_type, object_id, details, staff_member_id)
SELECT occurred_at - g.n * interval '1 minute', actor_id, subject_id, basis, action, object_type, object_id, details,
       staff_member_id
FROM audit_event CROSS JOIN generate_series(1, :copies) AS g(n)
"""
_PLAN_CHANGE = """
INSERT INTO plan_change (plan_id, occurred_at, name, staff_member_id, person_id, basis, goal_id, details)
SELECT plan_id, occurred_at - g.n * interval '1 minute', name, staff_member_id, person_id, basis, goal_id, details
FROM plan_change CROSS JOIN generate_series(1, :copies) AS g(n)
"""
_SESSION = """
INSERT INTO browser_session (token_hash, data, created_at, last_seen_at, revoked_at, person_id, idp_sid, acr, realm,
                             staff_member_id, logged_in_at)
SELECT md5(random()::text) || md5(random()::text), data, created_at, last_seen_at, revoked_at, person_id,
       md5(random()::text), acr, realm, staff_member_id, logged_in_at
FROM browser_session CROSS JOIN generate_series(1, :copies) AS g(n)
"""
_OUTBOX = """
INSERT INTO outbox_event (occurred_at, name, source, source_id, subject_id, details, key, dispatched_at)
SELECT c.occurred_at, c.name, 'plan_change', c.id, NULL, CAST('{}' AS JSON), NULL, c.occurred_at + interval '2 seconds'
FROM plan_change AS c
"""
_DELIVERY = """
INSERT INTO notice_delivery (outbox_id, recipient, person_id, staff_member_id, channel, address, topic, locale,
                             easy_read, for_someone, status, attempts, claimed_at, last_error, created_at, sent_at)
SELECT o.id, 'person:' || p.id, p.id, NULL, ch.channel, ch.address, 'plan', 'nb', false, false, 'sent', 1, NULL, NULL,
       o.dispatched_at, o.dispatched_at + interval '1 second'
FROM outbox_event AS o
CROSS JOIN (SELECT id FROM person WHERE pid = :kari) AS p
CROSS JOIN (VALUES ('email', 'kari.nordmann@example.no'), ('sms', '+4799999999')) AS ch(channel, address)
"""


def _count(connection, table: str) -> int:
    return connection.scalar(text(f"SELECT count(*) FROM {table}"))


def _copies(connection, table: str, rows: int) -> int:
    return max(1, -(-rows // max(1, _count(connection, table))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_database(SERVER, Path(tmp)) as url:
        alembic = Config(str(ROOT / "alembic.ini"))
        alembic.attributes["database_url"] = url
        command.upgrade(alembic, "head")
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-not-for-production"})
        with app.app_context():
            demo_data.load(db.new_session())
        client = app.test_client()
        _log_in(app, client, KARI)
        assert client.get("/min-side").status_code == 200  # the session's row, with its CSRF token
        engine = app.extensions["db_engine"]
        start = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM outbox_event"))  # only the copies below: one per plan change
            for table, sql in (("audit_event", _AUDIT), ("plan_change", _PLAN_CHANGE), ("browser_session", _SESSION)):
                connection.execute(text(sql), {"copies": _copies(connection, table, args.rows)})
            connection.execute(text(_OUTBOX))
            connection.execute(text(_DELIVERY), {"kari": KARI})
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
            figures = {}
            for table in TABLES:
                rows = _count(connection, table)
                # Summed over the partitions, where the table has them (the audit log on PostgreSQL).
                sizes = connection.execute(
                    text(
                        f"SELECT (SELECT avg(pg_column_size(t.*)) FROM {table} AS t),"
                        f" coalesce(sum(pg_relation_size(relid)), pg_relation_size('{table}')),"
                        f" coalesce(sum(pg_indexes_size(relid)), pg_indexes_size('{table}')),"
                        f" coalesce(sum(pg_total_relation_size(relid)), pg_total_relation_size('{table}'))"
                        f" FROM pg_partition_tree('{table}')"
                    )
                ).one()
                average, table_bytes, index_bytes, total_bytes = float(sizes[0]), *(int(b) for b in sizes[1:])
                figures[table] = {
                    "rows": rows,
                    "row_bytes_avg": round(average, 1),
                    "table_bytes": table_bytes,
                    "index_bytes": index_bytes,
                    "total_bytes": total_bytes,
                    "total_bytes_per_row": round(total_bytes / rows, 1),
                }
        engine.dispose()
    result = {"seconds": round(time.perf_counter() - start, 1), "postgresql": True, "tables": figures}
    print(json.dumps(result, indent=2))
    (ROOT / "benchmarks" / "row_sizes.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
