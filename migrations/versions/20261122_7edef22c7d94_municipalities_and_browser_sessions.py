"""municipalities and browser sessions

Revision ID: 7edef22c7d94
Revises:
Create Date: 2026-11-22 09:58:04.510232

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7edef22c7d94"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "browser_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_browser_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_browser_session_token_hash")),
    )
    op.create_table(
        "municipality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("written_locale", sa.String(length=5), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("phone_opens", sa.Time(), nullable=True),
        sa.Column("phone_closes", sa.Time(), nullable=True),
        sa.Column("switchboard", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("postal_address", sa.String(length=300), nullable=True),
        sa.Column("visiting_address", sa.String(length=300), nullable=True),
        sa.Column("office_opens", sa.Time(), nullable=True),
        sa.Column("office_closes", sa.Time(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality")),
        sa.UniqueConstraint("slug", name=op.f("uq_municipality_slug")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("municipality")
    op.drop_table("browser_session")
