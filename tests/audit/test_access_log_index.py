"""The person's access log stays as quick with other people's rows in the audit log as without:
its statements read the person's own rows through the index that holds them newest first, never
the whole table, and there are as many of them. 50 000 rows here; a million in
`make bench-access-log` (benchmarks/access_log.py)."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import Person
from tests.audit.bulk import (
    add_rows_for_others,
    plan_of,
    reads_through_the_index,
    remove_rows_after,
    scans_the_whole_table,
    statements_run,
)
from tests.auth.sessions import log_in_test_client
from tests.people import KARI

ROWS = 50_000


def _kari(app) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(Person.id).where(Person.pid == KARI))


def test_the_access_log_reads_only_the_persons_rows_through_its_index_with_50_000_rows_of_others(app, client):
    log_in_test_client(app, client, KARI)
    engine = app.extensions["db_engine"]
    client.get("/tilgangslogg")  # the first request of a session may write its row
    with statements_run(engine) as empty:
        before = client.get("/tilgangslogg")
    assert before.status_code == 200
    kari = _kari(app)
    with app.app_context(), engine.begin() as connection:
        last_kept = add_rows_for_others(connection, kari, ROWS)
    try:
        with statements_run(engine) as full:
            after = client.get("/tilgangslogg")
        assert after.status_code == 200
        assert after.get_data(as_text=True).count("<li") == before.get_data(as_text=True).count("<li")
        assert len(full.all) == len(empty.all), f"{len(empty.all)} statements grew to {len(full.all)}"
        assert len(full.on_audit) >= 2  # how many there are, and the page itself
        with app.app_context(), engine.connect() as connection:
            plans = [plan_of(connection, statement, parameters) for statement, parameters in full.on_audit]
            for plan in plans:
                assert not scans_the_whole_table(connection, plan), plan
            page = next(p for (statement, _), p in zip(full.on_audit, plans, strict=True) if "ORDER BY" in statement)
            assert reads_through_the_index(connection, page), page
    finally:
        with app.app_context(), db.new_session() as s:
            remove_rows_after(s, last_kept)
