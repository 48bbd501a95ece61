"""A person's consents as the municipality's own system reads them through the FHIR API (Consent):
the consent to having a plan, and the consents to share information with each service in it, the
same ones the person's own consent receipt holds (app/consent/receipt.py).

The two kinds live in two tables, so each is named with its kind (`plan-<id>`, `sharing-<id>`):
ids that can never collide. Built on app/services/api_reads.py: the system's municipality's people
only, someone else's consent is None (and logged), every read is in the person's access log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from app.domain.api_consumer import MunicipalSystem
from app.models import Participant, Person, Plan, PlanConsent, SharingConsent
from app.services import consents
from app.services.api_reads import Page, _record, _refused, municipality_of

CONSENT_READ = "api.consent_read"
PLAN = "plan"
SHARING = "sharing"
# A search pages through a person's consents in this order: the plan consent (its cursor 0), then
# the sharing consents by id (each its own id, never 0).
PLAN_CURSOR = 0


@dataclass(frozen=True)
class ConsentRead:
    kind: str  # PLAN or SHARING
    owner: Person
    consent: PlanConsent | SharingConsent

    @property
    def fhir_id(self) -> str:
        return f"{self.kind}-{self.consent.id}"

    @property
    def cursor(self) -> int:
        return PLAN_CURSOR if self.kind == PLAN else self.consent.id


def parse_id(fhir_id: str) -> tuple[str, int] | None:
    """(kind, row id) of `plan-<id>` or `sharing-<id>`; None for anything else (answered as not found)."""
    kind, _, number = fhir_id.partition("-")
    if kind not in (PLAN, SHARING) or not number.isascii() or not number.isdigit() or len(number) > 12:
        return None
    return kind, int(number)


def _plan_consents(municipality_id: int):
    return (
        select(PlanConsent, Person)
        .join(Plan, PlanConsent.plan_id == Plan.id)
        .join(Person, Plan.owner_id == Person.id)
        .where(Person.municipality_id == municipality_id)
    )


def _sharing_consents(municipality_id: int):
    # As the receipt: a consent to a service still in the plan (one removed is not in the plan anyone reads).
    return (
        select(SharingConsent, Person)
        .join(SharingConsent.participant)
        .join(Plan, SharingConsent.plan_id == Plan.id)
        .join(Person, Plan.owner_id == Person.id)
        .where(
            Person.municipality_id == municipality_id,
            Participant.removed_at.is_(None),
            Participant.kind.in_(consents.RECIPIENT_KINDS),
        )
        .options(contains_eager(SharingConsent.participant))
    )


def _logged(session: Session, system: MunicipalSystem, municipality, reads: list[ConsentRead]) -> None:
    _record(session, system, municipality, [(r.owner.id, CONSENT_READ, "consent", r.fhir_id) for r in reads])


def consent(session: Session, system: MunicipalSystem, fhir_id: str) -> ConsentRead | None:
    municipality = municipality_of(session, system)
    parsed = parse_id(fhir_id)
    if municipality is None or parsed is None:
        return None
    kind, row_id = parsed
    model, query = (
        (PlanConsent, _plan_consents(municipality.id))
        if kind == PLAN
        else (SharingConsent, _sharing_consents(municipality.id))
    )
    row = session.execute(query.where(model.id == row_id)).first()
    if row is None:
        if session.get(model, row_id) is not None:
            _refused(system, "Consent")
        return None
    found = ConsentRead(kind, row[1], row[0])
    _logged(session, system, municipality, [found])
    return found


def consents_of(session: Session, system: MunicipalSystem, person_id: int, count: int, after: int | None) -> Page:
    """One page of a person's consents, the plan consent first; `after` is a cursor (None: from the start)."""
    municipality = municipality_of(session, system)
    if municipality is None:
        return Page([], 0, None)
    found = [
        ConsentRead(PLAN, person, row)
        for row, person in session.execute(_plan_consents(municipality.id).where(Plan.owner_id == person_id))
    ]
    found += [
        ConsentRead(SHARING, person, row)
        for row, person in session.execute(
            _sharing_consents(municipality.id).where(Plan.owner_id == person_id).order_by(SharingConsent.id)
        )
    ]
    rest = [read for read in found if after is None or read.cursor > after]
    shown = rest[:count]
    _logged(session, system, municipality, shown)
    return Page(shown, len(found), shown[-1].cursor if len(rest) > count else None)
