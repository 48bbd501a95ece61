"""a measure knows when it last changed, for the API's meta.lastUpdated and _lastUpdated searches

Revision ID: c17meas000001
Revises: c16kemsg00001
Create Date: 2026-12-02 04:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c17meas000001"
down_revision: str | Sequence[str] | None = "c16kemsg00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_column("changed_at")
