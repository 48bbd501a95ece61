"""a municipal system's own identifiers for what it created, so a retried create finds it

Revision ID: c17srcid00001
Revises: c17auditpart1
Create Date: 2026-12-02 04:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c17srcid00001"
down_revision: str | Sequence[str] | None = "c17auditpart1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "source_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("resource_type", sa.String(length=30), nullable=False),
        sa.Column("system", sa.String(length=300), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "resource_type", "system", "value", name="uq_source_identifier"),
    )
    op.create_index("ix_source_identifier_resource_id", "source_identifier", ["resource_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_source_identifier_resource_id", table_name="source_identifier")
    op.drop_table("source_identifier")
