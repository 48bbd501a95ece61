"""the audit log by month on PostgreSQL: a table partitioned on its time

PostgreSQL only; SQLite keeps one table. `audit_event` becomes a table partitioned by range on
`occurred_at`: one partition per UTC month from its oldest row's month to three months ahead, and
a DEFAULT partition. The next months are made ahead by the worker (app/maintenance.py) or by the
owner (`flask --app app maintenance audit-partitions`); a month past the retention period is
detached and dropped by the owner (app/services/audit_partitions.py, docs/capacity.md).

What changes with it:
- The primary key is (id, occurred_at): a partitioned table's key must hold the partition key.
  Nothing references audit rows by foreign key, the ORM keeps `id` as its identity, and the ids
  still come from the one sequence, now owned by the new table's column. Alembic does not compare
  primary keys, so the model (key: id) and the database differ there on purpose.
- The append-only triggers: the row trigger on the parent is cloned onto every partition; the
  TRUNCATE trigger is set on the parent and on each partition (a partition truncated by name does
  not fire the parent's).
- The rows are copied: the old table is renamed, the new one made and filled in one transaction,
  the old one dropped. On a large table that holds every insert (every audited page) until it is
  done: run it in a maintenance window.

Revision ID: c17auditpart1
Revises: c17audix00001
Create Date: 2026-12-02 05:00:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime

from alembic import op
from sqlalchemy import text

from app.services.audit_partitions import (
    DEFAULT,
    MONTHS_AHEAD,
    REFUSE,
    first_of_month,
    month_after,
    month_ddl,
    no_truncate,
)

# revision identifiers, used by Alembic.
revision: str = "c17auditpart1"
down_revision: str | Sequence[str] | None = "c17audix00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "audit_event_unpartitioned"
COLUMNS = "id, occurred_at, actor_id, subject_id, basis, action, object_type, object_id, details, staff_member_id"


def _create(partitioned: bool) -> None:
    key = "id, occurred_at" if partitioned else "id"
    op.execute(
        f"""
        CREATE TABLE audit_event (
            id integer NOT NULL DEFAULT nextval('audit_event_id_seq'::regclass),
            occurred_at timestamp with time zone NOT NULL,
            actor_id integer NOT NULL,
            subject_id integer NOT NULL,
            basis character varying(30) NOT NULL,
            action character varying(60) NOT NULL,
            object_type character varying(40),
            object_id character varying(40),
            details json NOT NULL,
            staff_member_id integer,
            CONSTRAINT pk_audit_event PRIMARY KEY ({key}),
            CONSTRAINT fk_audit_event_actor_id_person FOREIGN KEY (actor_id)
                REFERENCES person (id) ON DELETE RESTRICT,
            CONSTRAINT fk_audit_event_subject_id_person FOREIGN KEY (subject_id)
                REFERENCES person (id) ON DELETE RESTRICT,
            CONSTRAINT fk_audit_event_staff_member_id_staff_member FOREIGN KEY (staff_member_id)
                REFERENCES staff_member (id) ON DELETE RESTRICT
        ){" PARTITION BY RANGE (occurred_at)" if partitioned else ""}
        """
    )


def _set_aside() -> None:
    """The table as it is, under another name, its index names freed for the new one."""
    op.execute(f"ALTER TABLE audit_event RENAME TO {OLD}")
    op.execute(f"ALTER INDEX pk_audit_event RENAME TO pk_{OLD}")
    op.execute(f"ALTER INDEX ix_audit_event_subject_recent RENAME TO ix_{OLD}_subject_recent")


def _fill_and_finish() -> None:
    op.execute("ALTER SEQUENCE audit_event_id_seq OWNED BY audit_event.id")  # or the drop takes it along
    op.execute(f"INSERT INTO audit_event ({COLUMNS}) SELECT {COLUMNS} FROM {OLD}")
    op.execute(f"DROP TABLE {OLD}")
    op.execute("CREATE INDEX ix_audit_event_subject_recent ON audit_event (subject_id, occurred_at DESC, id DESC)")
    op.execute(
        f"CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {REFUSE}()"
    )
    op.execute(no_truncate("audit_event"))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    oldest = bind.scalar(text("SELECT min(occurred_at) FROM audit_event"))
    now = datetime.now(UTC).date()
    _set_aside()
    _create(partitioned=True)
    month, last = first_of_month(oldest.date() if oldest else now), first_of_month(now)
    for _ in range(MONTHS_AHEAD):
        last = month_after(last)
    while month <= last:
        for statement in month_ddl(month):
            op.execute(statement)
        month = month_after(month)
    op.execute(f"CREATE TABLE {DEFAULT} PARTITION OF audit_event DEFAULT")
    op.execute(no_truncate(DEFAULT))
    _fill_and_finish()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    _set_aside()
    _create(partitioned=False)
    _fill_and_finish()  # dropping the partitioned table drops its partitions with it
