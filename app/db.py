"""One SQLAlchemy engine per app, one ORM session per request (closed at teardown)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from flask import Flask, current_app, g, request
from sqlalchemy import create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# The SQLite function the append-only triggers ask before refusing (see maintenance()).
SQLITE_MAINTENANCE_FUNCTION = "minplan_maintenance"
_MAINTENANCE = "minplan_maintenance"


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):  # pragma: no cover - driver callback
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Per connection, so one connection's maintenance never opens the history to another.
        flag = record.info.setdefault(_MAINTENANCE, [False])
        dbapi_connection.create_function(SQLITE_MAINTENANCE_FUNCTION, 0, lambda: 1 if flag[0] else 0)

    def _end_maintenance(connection) -> None:
        flag = connection.info.get(_MAINTENANCE)
        if flag:
            flag[0] = False

    # Like PostgreSQL's SET LOCAL: maintenance ends with the transaction.
    event.listen(engine, "commit", _end_maintenance)
    event.listen(engine, "rollback", _end_maintenance)


def make_engine(
    url: str,
    statement_timeout_ms: int = 0,
    pool_timeout_s: float | None = None,
    pool_size: int | None = None,
    max_overflow: int | None = None,
) -> Engine:
    """An engine; without the keywords (migrations, tools) statements run as long as they take.

    `statement_timeout_ms` (PostgreSQL; 0 is none) is set on every connection as it is opened,
    so no statement of a request outlives it; `pool_timeout_s` bounds the wait for a free
    connection, so a request past capacity is answered instead of queued without end."""
    # A failing statement's parameters would otherwise be copied into the exception's text, and
    # from there into the logs: identity numbers, names, health text.
    options: dict = {"hide_parameters": True}
    for name, value in (("pool_timeout", pool_timeout_s), ("pool_size", pool_size), ("max_overflow", max_overflow)):
        if value is not None:
            options[name] = value
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
        _prepare_sqlite(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    connect_args = {"options": f"-c statement_timeout={int(statement_timeout_ms)}"} if statement_timeout_ms else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **options)


@contextlib.contextmanager
def maintenance(session: Session) -> Iterator[Session]:
    """Lets this session's current transaction delete or change rows of the append-only tables.

    For maintenance only (resetting test data, erasure after the retention period), never for a
    request. On PostgreSQL it works only for the tables' owner: the app's own role cannot use it.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL minplan.maintenance = 'on'"))
        # Erasing years of history may take longer than a page may: no cut for this transaction.
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        yield session
        return
    flag = connection.info.setdefault(_MAINTENANCE, [False])
    flag[0] = True
    try:
        yield session
    finally:
        flag[0] = False


def is_outage(error: BaseException) -> bool:
    """The database cannot be reached or cannot serve now (down, restarting, locked), as
    opposed to a statement that is wrong."""
    if isinstance(
        error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
    ):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def init_app(app: Flask) -> None:
    engine = make_engine(
        app.config["DATABASE_URL"],
        statement_timeout_ms=app.config.get("DATABASE_STATEMENT_TIMEOUT_MS", 0),
        pool_timeout_s=app.config.get("DATABASE_POOL_TIMEOUT_S"),
        pool_size=app.config.get("DATABASE_POOL_SIZE"),
        max_overflow=app.config.get("DATABASE_MAX_OVERFLOW"),
    )
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)
    app.before_request(_unavailable_while_opening_the_session)


def _unavailable_while_opening_the_session() -> None:
    """The session interface could not read the session: answer as any other outage would."""
    error = g.pop("database_unavailable", None)
    if error is not None and request.endpoint != "static":
        raise error


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def new_session() -> Session:
    """A session outside the request's own, for work that must commit on its own."""
    return current_app.extensions["db_sessionmaker"]()


def autocommit_session() -> Session:
    """A session whose every statement stands alone, for a lone read (or a lone delete) before
    the request's own work: no BEGIN and no ROLLBACK around it, two round trips fewer."""
    autocommit = current_app.extensions.get("db_autocommit_engine")
    if autocommit is None:
        autocommit = current_app.extensions["db_autocommit_engine"] = engine().execution_options(
            isolation_level="AUTOCOMMIT"
        )
    return current_app.extensions["db_sessionmaker"](bind=autocommit)


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except Exception as error:  # noqa: BLE001 - the answer is already sent; the pool recovers
            if not is_outage(error):
                raise
