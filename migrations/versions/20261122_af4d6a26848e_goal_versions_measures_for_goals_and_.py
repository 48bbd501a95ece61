"""goal versions, measures for goals and meeting topics

Revision ID: af4d6a26848e
Revises: 25b059c98712
Create Date: 2026-11-22 12:22:07.718774

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "af4d6a26848e"
down_revision: str | Sequence[str] | None = "25b059c98712"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "meeting_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_meeting_topic_author_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_topic_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_topic")),
    )
    with op.batch_alter_table("meeting_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_topic_meeting_id"), ["meeting_id"], unique=False)

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("changed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("changed_basis", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_goal_changed_by_id_person"), "person", ["changed_by_id"], ["id"], ondelete="RESTRICT"
        )

    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_measure_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_measure_goal_id_goal"), "goal", ["goal_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_measure_goal_id_goal"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_measure_goal_id"))
        batch_op.drop_column("goal_id")

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_goal_changed_by_id_person"), type_="foreignkey")
        batch_op.drop_column("changed_at")
        batch_op.drop_column("changed_basis")
        batch_op.drop_column("changed_by_id")
        batch_op.drop_column("version")

    with op.batch_alter_table("meeting_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_topic_meeting_id"))

    op.drop_table("meeting_topic")
