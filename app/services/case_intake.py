"""What a person sends to the koordinerende enhet becomes a case on its desk: a request for a plan
or a coordinator, a complaint, a withdrawn plan consent. Nothing a person sends goes into a void.

`open_case` works inside the caller's transaction (the request, the complaint or the withdrawal
and its case are one change); the callers own the commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.cases import Kind, Status, Step, one_month_after
from app.models import Case, CaseEvent, Person
from app.models.base import utcnow


class NoMunicipality(Exception):
    """The person has no municipality on record, so no koordinerende enhet to send to."""


def open_case(
    session: Session,
    actor,
    kind: Kind,
    *,
    plan_request_id: int | None = None,
    complaint_reason: str | None = None,
    complaint_text: str | None = None,
    about_case_id: int | None = None,
    received_at: datetime | None = None,
) -> Case:
    """A new case about the actor's subject, sent by the actor, received now (or at `received_at`:
    a request that came on paper and is registered afterwards), due a month from the Norwegian
    date of receipt, with its first history line. Flushed, not committed."""
    person: Person = actor.subject
    if person.municipality_id is None:
        raise NoMunicipality()
    now = received_at or utcnow()
    case = Case(
        kind=str(kind),
        municipality_id=person.municipality_id,
        person_id=person.id,
        sent_by_id=actor.person.id,
        basis=actor.basis,
        received_at=now,
        deadline=one_month_after(clock.local_date(now)),
        status=str(Status.RECEIVED),
        plan_request_id=plan_request_id,
        complaint_reason=complaint_reason,
        complaint_text=complaint_text,
        about_case_id=about_case_id,
    )
    session.add(case)
    session.flush()
    session.add(
        CaseEvent(case_id=case.id, occurred_at=now, action=str(Step.RECEIVED), person_id=actor.person.id, details={})
    )
    return case
