"""people and login sessions

Revision ID: e3a140b5dec8
Revises: 7edef22c7d94
Create Date: 2026-11-22 10:07:43.844392

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e3a140b5dec8"
down_revision: str | Sequence[str] | None = "7edef22c7d94"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pid", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("easy_read", sa.Boolean(), nullable=True),
        sa.Column("has_plan", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_person_municipality_id_municipality")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("pid", name=op.f("uq_person_pid")),
    )
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("idp_sid", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("acr", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("logged_in_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_browser_session_idp_sid"), ["idp_sid"], unique=False)
        batch_op.create_index(batch_op.f("ix_browser_session_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_browser_session_person_id_person"), "person", ["person_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("browser_session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_browser_session_person_id_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_browser_session_person_id"))
        batch_op.drop_index(batch_op.f("ix_browser_session_idp_sid"))
        batch_op.drop_column("logged_in_at")
        batch_op.drop_column("acr")
        batch_op.drop_column("idp_sid")
        batch_op.drop_column("person_id")

    op.drop_table("person")
