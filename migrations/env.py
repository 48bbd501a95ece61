"""Alembic environment: the database URL comes from the app's own configuration."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import context

from app.config import load_config
from app.db import make_engine
from app.models import Base
from app.models.base import UTCDateTime

INSTANCE = Path(__file__).resolve().parent.parent / "instance"
config = context.config
url = config.attributes.get("database_url") or load_config(INSTANCE)["DATABASE_URL"]


def render_item(type_, obj, autogen_context):
    """Our TypeDecorators are written as the plain SQLAlchemy types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# The audit log's monthly partitions (PostgreSQL, app/services/audit_partitions.py) are tables to
# the database and none to the models: the parent stands for them all.
PARTITION = re.compile(r"audit_event_(\d{4}_\d{2}|default)")


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and reflected and compare_to is None and PARTITION.fullmatch(name or ""))


def run_migrations_offline() -> None:
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    # Batch mode lets the same migrations alter tables on SQLite, by copying a table and dropping
    # the old one; with foreign keys on, that drop would run the children's ON DELETE actions
    # (a plan's goals gone) or be refused. They are off while migrating, and checked afterwards.
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if broken:
            raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
