"""consent to share information and to having a plan, with history

Revision ID: 1e34f79b678f
Revises: af4d6a26848e
Create Date: 2026-11-22 12:25:34.719789

"""

from collections.abc import Sequence
from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "1e34f79b678f"
down_revision: str | Sequence[str] | None = "af4d6a26848e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plan_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["person.id"], name=op.f("fk_plan_consent_changed_by_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_consent_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_consent")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_plan_consent_plan_id")),
    )
    op.create_table(
        "consent_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("participant_name", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("child_view", sa.String(length=30), nullable=True),
        sa.Column("child_view_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_consent_change_author_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_consent_change_participant_id_participant"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_consent_change_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["person.id"], name=op.f("fk_consent_change_subject_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_change")),
    )
    with op.batch_alter_table("consent_change", schema=None) as batch_op:
        batch_op.create_index("ix_consent_change_plan_time", ["plan_id", "occurred_at"], unique=False)

    op.create_table(
        "sharing_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("exclusions", sa.Text(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["person.id"], name=op.f("fk_sharing_consent_changed_by_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_sharing_consent_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_sharing_consent_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_consent")),
        sa.UniqueConstraint("plan_id", "participant_id", name="uq_sharing_consent_plan_participant"),
    )
    with op.batch_alter_table("sharing_consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_consent_plan_id"), ["plan_id"], unique=False)

    _plan_consents_from_plans()


def _plan_consents_from_plans() -> None:
    """The dates already on plans (from the paper form) become consents with one history row
    each, recorded by nobody in the app: basis "recorded"."""
    plan = sa.table(
        "plan", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer), sa.column("consented_on", sa.Date)
    )
    plan_consent = sa.table(
        "plan_consent",
        sa.column("plan_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("given_on", sa.Date),
        sa.column("version", sa.Integer),
        sa.column("changed_at", sa.DateTime(timezone=True)),
        sa.column("basis", sa.String),
    )
    consent_change = sa.table(
        "consent_change",
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("plan_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("action", sa.String),
        sa.column("subject_id", sa.Integer),
        sa.column("basis", sa.String),
        sa.column("after", sa.JSON),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(plan.c.id, plan.c.owner_id, plan.c.consented_on).where(plan.c.consented_on.is_not(None))
    ).all()
    for plan_id, owner_id, given_on in rows:
        moment = datetime.combine(given_on, time(0, 0), tzinfo=UTC)
        connection.execute(
            plan_consent.insert().values(
                plan_id=plan_id, status="given", given_on=given_on, version=1, changed_at=moment, basis="recorded"
            )
        )
        connection.execute(
            consent_change.insert().values(
                occurred_at=moment,
                plan_id=plan_id,
                kind="plan",
                action="given",
                subject_id=owner_id,
                basis="recorded",
                after={"status": "given", "given_on": given_on.isoformat()},
            )
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("sharing_consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_consent_plan_id"))

    op.drop_table("sharing_consent")
    with op.batch_alter_table("consent_change", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_change_plan_time")

    op.drop_table("consent_change")
    op.drop_table("plan_consent")
