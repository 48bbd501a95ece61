"""Which database failures mean "too busy now" rather than "away": a statement cut by the
server's statement_timeout, or no connection free in the pool within its timeout. Both are
answered 503 with Retry-After like an outage (app/errors.py), with words that say the service is
busy; the request's transaction has been rolled back, so nothing of it is half-written."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

# SQLSTATE query_canceled: statement_timeout (or an operator's pg_cancel_backend) cut the statement.
QUERY_CANCELED = "57014"


def is_statement_timeout(error: BaseException) -> bool:
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) == QUERY_CANCELED


def is_pool_exhausted(error: BaseException) -> bool:
    return isinstance(error, sa_exc.TimeoutError)


def is_overload(error: BaseException) -> bool:
    return is_statement_timeout(error) or is_pool_exhausted(error)
