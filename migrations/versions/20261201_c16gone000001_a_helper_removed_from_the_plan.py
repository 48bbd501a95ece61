"""a helper removed from the plan stays as a row, for the consent history that names them

Revision ID: c16gone000001
Revises: c15plan00001
Create Date: 2026-12-01 20:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c16gone000001"
down_revision: str | Sequence[str] | None = "c15plan00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
