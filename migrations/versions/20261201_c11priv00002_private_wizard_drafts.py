"""a young person's wizard draft is hers: drafts per author where parents may not see

Revision ID: c11priv00002
Revises: c11dup000001
Create Date: 2026-12-01 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c11priv00002"
down_revision: str | Sequence[str] | None = "c11dup000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every existing draft and submission is the owner's own: nothing is handed to a parent.
    with op.batch_alter_table("wizard_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
    op.execute("UPDATE wizard_draft SET author_id = owner_id")
    with op.batch_alter_table("wizard_draft", schema=None) as batch_op:
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_wizard_draft_owner_id", type_="unique")
        batch_op.create_unique_constraint("uq_wizard_draft_owner_author", ["owner_id", "author_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_wizard_draft_author_id_person"), "person", ["author_id"], ["id"], ondelete="CASCADE"
        )

    with op.batch_alter_table("wizard_submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("goal_ids", sa.JSON(), nullable=True))
    op.execute("UPDATE wizard_submission SET author_id = owner_id, goal_ids = '{}'")
    with op.batch_alter_table("wizard_submission", schema=None) as batch_op:
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("goal_ids", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint("uq_wizard_submission_owner_version", type_="unique")
        batch_op.create_unique_constraint(
            "uq_wizard_submission_draft_version", ["owner_id", "author_id", "draft_version"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_wizard_submission_author_id_person"), "person", ["author_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    # A parent's own drafts and submissions have no place in one draft per person: they go.
    op.execute("DELETE FROM wizard_submission WHERE author_id <> owner_id")
    op.execute("DELETE FROM wizard_draft WHERE author_id <> owner_id")
    with op.batch_alter_table("wizard_submission", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_wizard_submission_author_id_person"), type_="foreignkey")
        batch_op.drop_constraint("uq_wizard_submission_draft_version", type_="unique")
        batch_op.create_unique_constraint("uq_wizard_submission_owner_version", ["owner_id", "draft_version"])
        batch_op.drop_column("goal_ids")
        batch_op.drop_column("author_id")

    with op.batch_alter_table("wizard_draft", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_wizard_draft_author_id_person"), type_="foreignkey")
        batch_op.drop_constraint("uq_wizard_draft_owner_author", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_wizard_draft_owner_id"), ["owner_id"])
        batch_op.drop_column("author_id")
