"""The audit log by month on PostgreSQL: a row lands in its month's partition, the coming months
exist ahead, a month that goes missing is made again by the maintenance command with its own
TRUNCATE trigger, and no partition can be emptied past the append-only triggers. SQLite keeps one
table, and the command finds nothing to make there."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import db
from app.models.base import utcnow
from app.services import audit, audit_partitions
from app.services.audit_partitions import MONTHS_AHEAD, first_of_month, month_after, name_of
from tests.people import KARI


def _coming_months() -> list[str]:
    month, names = first_of_month(utcnow().date()), []
    for _ in range(MONTHS_AHEAD + 1):
        names.append(name_of(month))
        month = month_after(month)
    return names


def _kari(s) -> int:
    return s.scalar(text("SELECT id FROM person WHERE pid = :pid"), {"pid": KARI})


def test_a_new_audit_row_lands_in_its_months_partition_and_the_coming_months_exist(app):
    with app.app_context(), db.new_session() as s:
        kari = _kari(s)
        event = audit.record(s, actor_id=kari, subject_id=kari, basis="self", action="test.partitioned")
        s.commit()
        if s.bind.dialect.name == "postgresql":
            where = s.scalar(text("SELECT tableoid::regclass::text FROM audit_event WHERE id = :id"), {"id": event.id})
            assert where == name_of(first_of_month(utcnow().date()))
            assert set(_coming_months()) <= set(audit_partitions.partitions(s.connection()))
        else:  # one table: nothing is ever missing
            assert not audit_partitions.is_partitioned(s.connection())
            assert audit_partitions.missing_months(s.connection(), utcnow().date()) == []
        with db.maintenance(s):
            s.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": event.id})
        s.commit()


def test_a_missing_month_is_made_again_by_the_maintenance_command_and_refuses_truncate(app):
    last = _coming_months()[-1]
    with app.app_context(), db.new_session() as s:
        postgresql = s.bind.dialect.name == "postgresql"
        if postgresql:  # the owner takes a month out, as after the retention period
            s.execute(text(f"ALTER TABLE audit_event DETACH PARTITION {last}"))
            s.execute(text(f"DROP TABLE {last}"))
            s.commit()
    result = app.test_cli_runner().invoke(args=["maintenance", "audit-partitions"])
    assert result.exit_code == 0, result.output
    if not postgresql:
        assert "no partition was missing" in result.output
        return
    assert f"made {last}" in result.output
    with app.app_context(), db.new_session() as s:
        assert last in audit_partitions.partitions(s.connection())
        with pytest.raises(DBAPIError, match="append-only: TRUNCATE refused"):
            s.execute(text(f"TRUNCATE {last}"))
        s.rollback()
    again = app.test_cli_runner().invoke(args=["maintenance", "audit-partitions"])
    assert "no partition was missing" in again.output
