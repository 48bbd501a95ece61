"""representations and the audit log

Revision ID: ff5d7aa25684
Revises: e3a140b5dec8
Create Date: 2026-11-22 10:46:11.964454

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "ff5d7aa25684"
down_revision: str | Sequence[str] | None = "e3a140b5dec8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.String(length=40), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["person.id"], name=op.f("fk_audit_event_actor_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["person.id"], name=op.f("fk_audit_event_subject_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_subject_time", ["subject_id", "occurred_at"], unique=False)

    op.create_table(
        "representation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("represented_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_representation_created_by_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["person.id"], name=op.f("fk_representation_holder_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["represented_id"], ["person.id"], name=op.f("fk_representation_represented_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["person.id"], name=op.f("fk_representation_revoked_by_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representation")),
    )
    with op.batch_alter_table("representation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_representation_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_representation_represented_id"), ["represented_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("protected_address", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("lacks_capacity", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("lacks_capacity")
        batch_op.drop_column("protected_address")

    with op.batch_alter_table("representation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_representation_represented_id"))
        batch_op.drop_index(batch_op.f("ix_representation_holder_id"))

    op.drop_table("representation")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_subject_time")

    op.drop_table("audit_event")
