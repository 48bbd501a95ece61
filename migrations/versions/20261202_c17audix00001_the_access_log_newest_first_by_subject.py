"""the access log pages by subject, newest first, from one index

The person's access log asks for their rows ordered by time and id, newest first, 20 at a time
(app/services/audit.about). The old index (subject, time ascending) left PostgreSQL to sort each
page's ties by id; this one holds the rows in the page's own order, and serves every query the old
one did (a range on time for one subject reads it backwards).

On PostgreSQL both are built and dropped CONCURRENTLY, outside the migration's transaction: the
audit log is the largest table, and a plain CREATE INDEX would hold every insert (every page a
person opens) until it is done. If the build is interrupted it leaves an INVALID index behind:
drop it (`DROP INDEX CONCURRENTLY ix_audit_event_subject_recent`) and run the upgrade again.

Revision ID: c17audix00001
Revises: c17meas000001
Create Date: 2026-12-02 04:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c17audix00001"
down_revision: str | Sequence[str] | None = "c17meas000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW, OLD = "ix_audit_event_subject_recent", "ix_audit_event_subject_time"


def _swap(create: str, create_columns: list, drop: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(create, "audit_event", create_columns, postgresql_concurrently=True)
            op.drop_index(drop, table_name="audit_event", postgresql_concurrently=True)
        return
    op.create_index(create, "audit_event", create_columns)
    op.drop_index(drop, table_name="audit_event")


def upgrade() -> None:
    _swap(NEW, ["subject_id", sa.text("occurred_at DESC"), sa.text("id DESC")], OLD)


def downgrade() -> None:
    _swap(OLD, ["subject_id", "occurred_at"], NEW)
