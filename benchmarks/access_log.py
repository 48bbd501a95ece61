"""The person's access log with a million audit rows about other people: as quick, as many
statements, and read through its index.

Not a test (timings vary with the machine): `make bench-access-log`, or
    .venv/bin/python -m benchmarks.access_log [--rows 1000000]
It makes a PostgreSQL database of its own (BENCH_DATABASE_URL's server, default the local one),
migrates it and loads the demo data, then times Kari's access log (page 1, Flask's test client in
this process) with no other rows and again after the database itself has added `--rows` rows about
everyone else (INSERT … SELECT over generate_series) and analysed the table. It records the
statements the page runs each time and the plan of each statement that reads the audit log
(EXPLAIN ANALYZE), and fails if any reads the whole table. The figures go to stdout and
benchmarks/access_log.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("MINPLAN_ENV", "test")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from app import create_app, db  # noqa: E402
from app.demo import data as demo_data  # noqa: E402
from app.models import AuditEvent, Person  # noqa: E402
from app.services import audit_partitions  # noqa: E402
from tests.audit.bulk import (  # noqa: E402
    INDEX,
    add_rows_for_others,
    reads_through_the_index,
    scans_the_whole_table,
    statements_run,
)
from tests.databases import fresh_database  # noqa: E402
from tests.people import KARI  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PAGE = "/tilgangslogg"
ROUNDS = 30


def _log_in(app, client, pid: str) -> None:
    with app.app_context():
        person = db.db_session().scalar(select(Person).where(Person.pid == pid))
    with client.session_transaction() as session:
        session.update(
            {
                "person_id": person.id,
                "acr": "idporten-loa-high",
                "auth_time": time.time(),
                "logged_in_at": time.time(),
                "idp_sid": "bench",
                "id_token": "x",
                "idp_origin": "http://x",
            }
        )


def _measure(app, client) -> dict:
    """Median and 95th percentile of the page in milliseconds, its statements, and the plans of
    those reading the audit log."""
    assert client.get(PAGE).status_code == 200  # warm: the session's row, the template cache
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        assert client.get(PAGE).status_code == 200
        samples.append((time.perf_counter() - start) * 1000)
    engine = app.extensions["db_engine"]
    with statements_run(engine) as run:
        client.get(PAGE)
    plans = []
    with engine.connect() as connection:
        for statement, parameters in run.on_audit:
            rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
            plans.append("\n".join(row[0] for row in rows))
        whole_table = any(scans_the_whole_table(connection, p) for p in plans)
        page_through_index = reads_through_the_index(connection, plans[-1])
    samples.sort()
    return {
        "page_ms_median": round(statistics.median(samples), 2),
        "page_ms_p95": round(samples[int(len(samples) * 0.95) - 1], 2),
        "statements": len(run.all),
        "statements_on_audit": len(run.on_audit),
        "indexes_used": sorted({m for p in plans for m in re.findall(r"(?:using|Index Scan on) (\w+)", p)}),
        "page_reads_the_index": page_through_index,
        "whole_table_read": whole_table,
        "plans": plans,
    }


def _past_year_by_month(connection) -> None:
    """As in a database that has run for a year: the past twelve months each in a partition of its own."""
    if not audit_partitions.is_partitioned(connection):
        return
    month, present = audit_partitions.first_of_month(date.today()), set(audit_partitions.partitions(connection))
    for _ in range(12):
        month = (month - timedelta(days=1)).replace(day=1)
        if audit_partitions.name_of(month) not in present:
            for statement in audit_partitions.month_ddl(month):
                connection.execute(text(statement))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_database(SERVER, Path(tmp)) as url:
        alembic = Config(str(ROOT / "alembic.ini"))
        alembic.attributes["database_url"] = url
        command.upgrade(alembic, "head")
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-not-for-production"})
        with app.app_context():
            demo_data.load(db.new_session())
            kari = db.db_session().scalar(select(Person.id).where(Person.pid == KARI))
        client = app.test_client()
        _log_in(app, client, KARI)
        empty = _measure(app, client)
        engine = app.extensions["db_engine"]
        with engine.begin() as connection:
            _past_year_by_month(connection)
        start = time.perf_counter()
        with engine.begin() as connection:
            add_rows_for_others(connection, kari, args.rows)
        load_seconds = time.perf_counter() - start
        with engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(AuditEvent))
            # A partitioned table holds nothing itself: its partitions do.
            table_bytes = int(
                connection.scalar(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size(relid)), pg_total_relation_size('audit_event'))"
                        " FROM pg_partition_tree('audit_event')"
                    )
                )
            )
        full = _measure(app, client)
        app.extensions["db_engine"].dispose()
    figures = {
        "what": "Kari's access log, page 1, Flask test client in-process, PostgreSQL, the audit log by month",
        "other_rows_asked_for": args.rows,
        "audit_rows_in_all": total,
        "load_seconds": round(load_seconds, 1),
        "audit_event_total_bytes": table_bytes,
        "index_expected": INDEX,
        "empty": empty,
        "with_other_rows": full,
        "statements_equal": empty["statements"] == full["statements"],
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "rounds": ROUNDS,
    }
    print(json.dumps({k: v for k, v in figures.items() if k not in ("empty", "with_other_rows")}, indent=2))
    for name in ("empty", "with_other_rows"):
        shown = {k: v for k, v in figures[name].items() if k != "plans"}
        print(name, json.dumps(shown))
    print(figures["with_other_rows"]["plans"][-1])
    (ROOT / "benchmarks" / "access_log.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    good = figures["statements_equal"] and full["page_reads_the_index"] and not full["whole_table_read"]
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
