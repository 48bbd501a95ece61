"""a request for a plan of its own: the person's words, how to be reached, one open at a time

Revision ID: c13req000001
Revises: c11audit0003
Create Date: 2026-12-01 13:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c13req000001"
down_revision: str | Sequence[str] | None = "c11audit0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'received'")


def upgrade() -> None:
    conn = op.get_bind()
    # Two open requests for one person (left by requests at the same moment): the newest stays
    # open, the older ones are marked as joined with it, so the unique index can hold.
    conn.execute(
        sa.text(
            "UPDATE plan_request SET status = 'merged' WHERE status = 'received' AND EXISTS ("
            " SELECT 1 FROM plan_request n WHERE n.status = 'received'"
            " AND n.person_id = plan_request.person_id AND n.id > plan_request.id)"
        )
    )
    with op.batch_alter_table("plan_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wish", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("contact_by", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=200), nullable=True))
    op.create_index(
        "uq_plan_request_one_open",
        "plan_request",
        ["person_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_plan_request_one_open", table_name="plan_request")
    with op.batch_alter_table("plan_request", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_by")
        batch_op.drop_column("wish")
