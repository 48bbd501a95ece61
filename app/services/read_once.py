"""What one transaction has read, kept for the rest of it.

A page that shows several parts of one plan (Min side: the week, the news, the messages, the
consents) reaches it through each part's own lookup, which takes the actor: the plan is read once
a transaction for them all. They got the same objects before too (the session's identity map);
only the repeated statements are gone. The end of the transaction (a commit, a rollback, closing
the session) forgets what was read, and an object deleted meanwhile is not given again."""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_READ = "read_once"


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, _transaction) -> None:
    session.info.pop(_READ, None)


def read_before(session: Session, key):
    """The object remembered under `key` in this transaction, or None."""
    found = session.info.get(_READ, {}).get(key)
    return found if found is not None and inspect(found).persistent else None


def remember(session: Session, key, found) -> None:
    session.info.setdefault(_READ, {})[key] = found
