"""Reading someone else's data, recorded by the lookups that fetch it for an actor.

Every lookup that fetches a person's data for an actor calls `reading`, so no page can forget
to: the person sees in the access log everyone who has been shown their data. One request is one
session, and a page that loads several things (a plan, its goals, its next meeting) records
one row, the first one its lookups asked for.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services import audit

_RECORDED = "minplan.reads_recorded"


class ChangesPending(RuntimeError):
    """A read recorded after a change was staged would commit that change with it."""


def reading(
    session: Session, actor, action: str, *, object_type: str, object_id: int | str | None, details: dict | None = None
) -> None:
    """Record that the actor is shown the data of the person they act for, once per session.

    Committed at once, before the data is shown: an answer that shows someone's data without a
    row in their access log must not be possible, even when the rest of the page fails."""
    subject_id = actor.subject.id
    if actor.person.id == subject_id:
        return
    recorded = session.info.setdefault(_RECORDED, set())
    if subject_id in recorded:
        return
    if session.new or session.dirty or session.deleted:
        raise ChangesPending(action)
    audit.by_actor(
        session,
        actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    session.commit()
    recorded.add(subject_id)
