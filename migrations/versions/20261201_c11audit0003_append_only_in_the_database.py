"""the audit log and the consent history refuse UPDATE and DELETE in the database

The ORM already refuses to change these rows; a bulk update()/delete() or plain SQL went past it.
Triggers refuse UPDATE, DELETE and (PostgreSQL) TRUNCATE for everyone, and the production recipe
(README) also grants the app's role only SELECT and INSERT on both tables.

Deleting a plan would cascade into its consent history, and a person with an audit trail cannot be
deleted at all (RESTRICT): erasing history is a deliberate maintenance job after the retention
period, done by the tables' owner inside app.db.maintenance() (PostgreSQL: `SET LOCAL
minplan.maintenance = 'on'`, honoured only for the owner; SQLite: a per-connection function the app
registers). A batch (copy-and-move) migration of these tables on SQLite drops the triggers with the
old table and must create them again.

Revision ID: c11audit0003
Revises: c11priv00002
Create Date: 2026-12-01 10:00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c11audit0003"
down_revision: str | Sequence[str] | None = "c11priv00002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("audit_event", "consent_change")
FUNCTION = "minplan_refuse_history_change"

PG_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('minplan.maintenance', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        IF TG_LEVEL = 'STATEMENT' THEN
            RETURN NULL;
        ELSIF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        return
    # SQLite has no TRUNCATE; minplan_maintenance() is registered on every connection by app.db,
    # and a client without it gets "no such function": refused as well.
    for table in TABLES:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"WHEN minplan_maintenance() = 0 "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION {FUNCTION}()")
        return
    for table in TABLES:
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER {table}_no_{operation.lower()}")
