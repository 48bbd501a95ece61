"""A person's access log as the municipality's own system reads it through the FHIR API (AuditEvent):
the rows the person herself reads on her access-log page (app.services.audit.about), never more.

The system is the coordinator's side and reads the rows about what a 12–15-year-old keeps from her
parents, as it reads such goals (app/services/api_reads.py); each such row comes marked, so the
receiving system can keep it from the parents as Min plan's access log does (app.services.privacy).

Reading the log is itself a row in the log, one per person and request, like every other read.
Pages run newest first and continue below the last id seen, so the rows a read adds are never on
a later page of the same search: following `next` links ends, however often one reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import ColumnElement, case, false, func, select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.api_consumer import MunicipalSystem
from app.domain.rules import HEALTH_CONSENT_AGE, RESTRICTED_FROM_AGE, age_on
from app.models import AuditEvent, Person
from app.services import privacy
from app.services.api_reads import Page, _record, _refused, _updated_where, municipality_of

AUDITEVENT_READ = "api.auditevent_read"


@dataclass(frozen=True)
class LogRead:
    event: AuditEvent
    subject: Person
    kept_from_parents: bool


@dataclass(frozen=True)
class LogFilters:
    recorded: tuple[tuple[str, datetime], ...] = ()
    count: int = 20
    before: int | None = None  # continue below this id (None: from the newest)


def _a_parent(subject: Person) -> SimpleNamespace:
    """Any parent of the child, as app.services.privacy sees one: one who wrote nothing of the
    child's own, so everything she keeps from either parent counts."""
    return SimpleNamespace(subject=subject, person=SimpleNamespace(id=None), hides_private_items=True)


def _kept_from_parents(session: Session, subject: Person, today: date) -> ColumnElement[bool]:
    """True for the rows a parent of this 12–15-year-old does not see; false for anyone else's."""
    if not RESTRICTED_FROM_AGE <= age_on(subject.birth_date, today) < HEALTH_CONSENT_AGE:
        return false()
    return privacy.hidden_events(session, _a_parent(subject))


def _rows(subject: Person, marked: ColumnElement[bool]):
    # The person's own access log: every row about her (app.services.audit.about with nothing hidden).
    return select(AuditEvent, case((marked, True), else_=False)).where(AuditEvent.subject_id == subject.id)


def _person_here(session: Session, system: MunicipalSystem, person_id: int):
    municipality = municipality_of(session, system)
    person = session.get(Person, person_id)
    if municipality is None or person is None:
        return None, None
    if person.municipality_id != municipality.id:
        _refused(system, "AuditEvent")
        return None, None
    return municipality, person


def audit_event(session: Session, system: MunicipalSystem, event_id: int) -> LogRead | None:
    subject_id = session.scalar(select(AuditEvent.subject_id).where(AuditEvent.id == event_id))
    if subject_id is None:
        return None
    municipality, subject = _person_here(session, system, subject_id)
    if subject is None:
        return None
    marked = _kept_from_parents(session, subject, clock.today())
    event, kept = session.execute(_rows(subject, marked).where(AuditEvent.id == event_id)).one()
    _record(session, system, municipality, [(subject.id, AUDITEVENT_READ, "audit_event", event.id)])
    return LogRead(event, subject, bool(kept))


def audit_events(session: Session, system: MunicipalSystem, person_id: int, filters: LogFilters) -> Page:
    """One page of a person's access log, newest first; `next_after` is the id to continue below."""
    municipality, subject = _person_here(session, system, person_id)
    if subject is None:
        return Page([], 0, None)
    query = _rows(subject, _kept_from_parents(session, subject, clock.today())).where(
        *_updated_where(AuditEvent.occurred_at, filters.recorded)
    )
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(AuditEvent.id).subquery()))
    if filters.before is not None:
        query = query.where(AuditEvent.id < filters.before)
    rows = session.execute(query.order_by(AuditEvent.id.desc()).limit(filters.count + 1)).all()
    found = [LogRead(event, subject, bool(kept)) for event, kept in rows[: filters.count]]
    if found:
        _record(session, system, municipality, [(subject.id, AUDITEVENT_READ, "audit_event", found[0].event.id)])
    return Page(found, total or 0, found[-1].event.id if len(rows) > filters.count else None)
