"""`alembic upgrade head` then `alembic check` on a fresh, empty database.

Run by `make test` on SQLite, and on PostgreSQL when DATABASE_URL points there, so the models
and the migrations can never drift apart.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    base_url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp, fresh_database(base_url, Path(tmp)) as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        command.check(config)  # raises when the models hold changes no migration has
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    print(f"migrations: upgrade, check, downgrade and upgrade again passed on {url.split('://')[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
