"""what must exist once is unique in the database (written concurrently)

Revision ID: c11dup000001
Revises: f77c01d5d38c
Create Date: 2026-12-01 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c11dup000001'
down_revision: Union[str, Sequence[str], None] = 'f77c01d5d38c'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
