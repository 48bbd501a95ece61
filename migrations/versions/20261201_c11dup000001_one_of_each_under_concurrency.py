"""what must exist once is unique in the database (written concurrently)

Revision ID: c11dup000001
Revises: f77c01d5d38c
Create Date: 2026-12-01 10:00:00

"""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c11dup000001"
down_revision: str | Sequence[str] | None = "f77c01d5d38c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


IN_FORCE = sa.text("revoked_at IS NULL")


def upgrade() -> None:
    conn = op.get_bind()
    # More than one unrevoked right per holder, person and basis (left by requests at the same
    # moment): the newest stays in force, the older ones end now, so the unique index can hold.
    duplicates = (
        conn.execute(
            sa.text(
                "SELECT r.id FROM representation r WHERE r.revoked_at IS NULL AND EXISTS ("
                " SELECT 1 FROM representation n WHERE n.revoked_at IS NULL AND n.holder_id = r.holder_id"
                " AND n.represented_id = r.represented_id AND n.basis = r.basis AND n.id > r.id)"
            )
        )
        .scalars()
        .all()
    )
    if duplicates:
        conn.execute(
            sa.text("UPDATE representation SET revoked_at = :now WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"now": datetime.now(UTC), "ids": duplicates},
        )
    with op.batch_alter_table("representation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_name", sa.String(length=200), nullable=True))
    # The name a grantor typed was stored on the holder; it is the grantor's word, kept with the grant.
    conn.execute(
        sa.text(
            "UPDATE representation SET holder_name = (SELECT p.name FROM person p WHERE p.id = representation.holder_id)"
            " WHERE created_by_id IS NOT NULL"
        )
    )
    op.create_index(
        "uq_representation_one_in_force",
        "representation",
        ["holder_id", "represented_id", "basis"],
        unique=True,
        sqlite_where=IN_FORCE,
        postgresql_where=IN_FORCE,
    )

    with op.batch_alter_table("goal_evaluation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_goal_evaluation_author_form_token", ["author_id", "form_token"])

    with op.batch_alter_table("meeting_topic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_digest", sa.String(length=64), nullable=True))
    topics = conn.execute(sa.text("SELECT id, meeting_id, author_id, text FROM meeting_topic ORDER BY id")).all()
    seen = set()
    for topic_id, meeting_id, author_id, text in topics:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if (meeting_id, author_id, digest) in seen:  # a topic stored twice: the first one stays
            conn.execute(sa.text("DELETE FROM meeting_topic WHERE id = :id"), {"id": topic_id})
            continue
        seen.add((meeting_id, author_id, digest))
        conn.execute(
            sa.text("UPDATE meeting_topic SET text_digest = :digest WHERE id = :id"), {"digest": digest, "id": topic_id}
        )
    with op.batch_alter_table("meeting_topic", schema=None) as batch_op:
        batch_op.alter_column("text_digest", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            "uq_meeting_topic_meeting_author_digest", ["meeting_id", "author_id", "text_digest"]
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_topic", schema=None) as batch_op:
        batch_op.drop_constraint("uq_meeting_topic_meeting_author_digest", type_="unique")
        batch_op.drop_column("text_digest")
    with op.batch_alter_table("goal_evaluation", schema=None) as batch_op:
        batch_op.drop_constraint("uq_goal_evaluation_author_form_token", type_="unique")
        batch_op.drop_column("form_token")
    op.drop_index("uq_representation_one_in_force", table_name="representation")
    with op.batch_alter_table("representation", schema=None) as batch_op:
        batch_op.drop_column("holder_name")
