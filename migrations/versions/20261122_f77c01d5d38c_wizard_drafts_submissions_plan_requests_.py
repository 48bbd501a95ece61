"""wizard drafts, submissions, plan requests, goal status

Revision ID: f77c01d5d38c
Revises: 1e34f79b678f
Create Date: 2026-11-22 12:22:10.671784

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "f77c01d5d38c"
down_revision: str | Sequence[str] | None = "1e34f79b678f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plan_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_plan_request_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_plan_request_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["person.id"], name=op.f("fk_plan_request_requested_by_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_request")),
    )
    with op.batch_alter_table("plan_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_request_person_id"), ["person_id"], unique=False)

    op.create_table(
        "wizard_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("furthest_step", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_basis", sa.String(length=30), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_wizard_draft_owner_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["person.id"], name=op.f("fk_wizard_draft_updated_by_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wizard_draft")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_wizard_draft_owner_id")),
    )
    op.create_table(
        "wizard_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("draft_version", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("plan_request_id", sa.Integer(), nullable=True),
        sa.Column("participants_wish", sa.Text(), nullable=True),
        sa.Column("trusted_person", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_wizard_submission_owner_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_wizard_submission_plan_id_plan"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_request_id"],
            ["plan_request.id"],
            name=op.f("fk_wizard_submission_plan_request_id_plan_request"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["person.id"], name=op.f("fk_wizard_submission_sent_by_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wizard_submission")),
        sa.UniqueConstraint("owner_id", "draft_version", name="uq_wizard_submission_owner_version"),
    )
    with op.batch_alter_table("wizard_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wizard_submission_owner_id"), ["owner_id"], unique=False)

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), server_default="agreed", nullable=False))
        batch_op.add_column(sa.Column("importance", sa.String(length=20), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("importance")
        batch_op.drop_column("status")

    with op.batch_alter_table("wizard_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wizard_submission_owner_id"))

    op.drop_table("wizard_submission")
    op.drop_table("wizard_draft")
    with op.batch_alter_table("plan_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_request_person_id"))

    op.drop_table("plan_request")
