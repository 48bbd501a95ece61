"""the plan's resources, needs and participants

Revision ID: fb971a45ca8e
Revises: bffcf85ef3f0
Create Date: 2026-11-22 11:18:36.216591

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "fb971a45ca8e"
down_revision: str | Sequence[str] | None = "bffcf85ef3f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("helps_with", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_participant_plan_id_plan"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_plan_id"), ["plan_id"], unique=False)

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("own_resources", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("network_help", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("needs", sa.Text(), nullable=True))

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consented_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("consented_on")

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("needs")
        batch_op.drop_column("network_help")
        batch_op.drop_column("own_resources")

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_plan_id"))

    op.drop_table("participant")
