"""the koordinerende enhet in a plan's conversation: which side a staff message came from

Revision ID: c16kemsg00001
Revises: c16msg000001
Create Date: 2026-12-02 01:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c16kemsg00001"
down_revision: str | Sequence[str] | None = "c16msg000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender_role", sa.String(length=20), nullable=True))
    # Before the koordinerende enhet could write, every staff message was the coordinator's.
    op.execute("UPDATE message SET sender_role = 'coordinator' WHERE staff_member_id IS NOT NULL")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("sender_role")
