"""The transaction of a use case: a service function that fails leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def use_case(function: F) -> F:
    """Roll the session (the first argument) back when the use case raises, whatever it raised:
    a refusal, a stale form or a database error never leaves half a change for the next commit.

    The use case commits itself when it succeeds; the caller (a view, a command, a job) never does."""

    @wraps(function)
    def wrapper(session, *args, **kwargs):
        try:
            return function(session, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise

    return wrapper  # type: ignore[return-value]
