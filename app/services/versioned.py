"""The optimistic lock every versioned row is written under: an UPDATE that only takes when the
row still has the version the form was shown with, and moves the version on."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session


def update_if_version(session: Session, model, row_id: int, version: int, *where, **values) -> bool:
    """Whether the row (still at `version`, and matching `where`) took `values`; False when someone
    changed it since, removed it, or it no longer matches: the caller rolls back and says why."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == version, *where)
        .values(**values, version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
