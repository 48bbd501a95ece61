"""a young person's wizard draft is hers: drafts per author where parents may not see

Revision ID: c11priv00002
Revises: c11dup000001
Create Date: 2026-12-01 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c11priv00002'
down_revision: Union[str, Sequence[str], None] = 'c11dup000001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
