"""Declarative base, naming conventions and the column types every model shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy.orm import DeclarativeBase, mapped_column

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(timezone.utc)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


intpk = Annotated[int, mapped_column(primary_key=True)]
str_short = Annotated[str, mapped_column(String(100))]
str_medium = Annotated[str, mapped_column(String(300))]
timestamp = Annotated[datetime, mapped_column(UTCDateTime())]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppendOnly(RuntimeError):
    """A row of a history that is only ever added to was about to be changed or deleted."""


def append_only(model):
    """Class decorator: the ORM refuses to update or delete the model's rows (the audit log, the
    consent history): what happened is never rewritten, only added to."""

    def refuse(_mapper, _connection, target) -> None:
        raise AppendOnly(f"{model.__tablename__} {target.id} cannot be changed or deleted")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)
    return model
