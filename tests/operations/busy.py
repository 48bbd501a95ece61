"""Making the database busy for real, from outside the app under test: a table locked by another
connection (a statement that must wait for it runs until statement_timeout cuts it), or every
connection of the app's pool taken."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import create_engine, text

# The 503 page's heading while Min plan is busy (app/templates/errors/503.html).
BUSY_TITLE = "Min plan har mye å gjøre akkurat nå"
# Far longer than any request the tests make while nothing is wrong: a request still waiting
# after this is one that would wait without end.
NO_LONGER_THAN_SECONDS = 60


def postgresql_only(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("statement_timeout is PostgreSQL's; SQLite has no statement timeout")
    return database_url


@contextlib.contextmanager
def table_locked(database_url: str, table: str) -> Iterator[None]:
    """Another session holds `table` in EXCLUSIVE mode: it may be read, but every INSERT, UPDATE
    or DELETE waits until the block ends (the lock is released with the transaction)."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as holder:
            holder.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
            try:
                yield
            finally:
                holder.rollback()
    finally:
        engine.dispose()


@contextlib.contextmanager
def pool_taken(app) -> Iterator[None]:
    """Every connection of the app's pool (DATABASE_POOL_SIZE 1, no overflow) checked out."""
    held = app.extensions["db_engine"].connect()
    try:
        yield
    finally:
        held.close()


def busy_title_in(app, locale: str) -> str:
    """The heading in `locale` as the catalogue has it (Bokmål until a translation is compiled)."""
    with app.test_request_context(), force_locale(locale):
        return gettext(BUSY_TITLE)


def answered_in_bounds(call: Callable):
    """`call()`'s result, or None if it has not returned after NO_LONGER_THAN_SECONDS (it goes on
    in its thread: the test fails instead of hanging with it)."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(NO_LONGER_THAN_SECONDS)
    return result[0] if result else None
