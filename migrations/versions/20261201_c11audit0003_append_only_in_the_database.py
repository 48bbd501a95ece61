"""the audit log and the consent history refuse UPDATE and DELETE in the database

Revision ID: c11audit0003
Revises: c11priv00002
Create Date: 2026-12-01 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c11audit0003'
down_revision: Union[str, Sequence[str], None] = 'c11priv00002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
