"""plans, goals and evaluations

Revision ID: bffcf85ef3f0
Revises: ff5d7aa25684
Create Date: 2026-11-22 11:03:50.657122

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "bffcf85ef3f0"
down_revision: str | Sequence[str] | None = "ff5d7aa25684"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("coordinator_name", sa.String(length=200), nullable=True),
        sa.Column("coordinator_phone", sa.String(length=30), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("next_revision", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"], name=op.f("fk_plan_owner_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_plan_owner_id")),
    )
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("life_area", sa.String(length=40), nullable=False),
        sa.Column("private_from_parents", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_goal_plan_id_plan"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "goal_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_goal_evaluation_author_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_evaluation_goal_id_goal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_evaluation")),
    )
    with op.batch_alter_table("goal_evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_evaluation_goal_id"), ["goal_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("has_plan")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("has_plan", sa.BOOLEAN(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("goal_evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_evaluation_goal_id"))

    op.drop_table("goal_evaluation")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_plan_id"))

    op.drop_table("goal")
    op.drop_table("plan")
