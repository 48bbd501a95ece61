"""Consent to share information, as the actor may (the plan consent: `plan_consent.py`).

Every change keeps the consent's current state in one row with a version, and adds a row to
the append-only history with who did it, for whom, on what basis, and what before and after.
"On whose behalf" and "basis" come only from the actor the server judged, never from a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain import Actor, vocabulary
from app.models import ConsentChange, Participant, Plan, SharingConsent
from app.models.base import utcnow
from app.models.consent import GIVEN, WITHDRAWN
from app.services import audit, privacy
from app.services.plans import plan_for
from app.services.reads import reading
from app.services.transaction import use_case

# Information areas, in the order they are shown.
AREAS = vocabulary.INFORMATION_AREAS
# Consent is given to services and units, not to people: the duty of confidentiality binds the
# services (helsepersonelloven, forvaltningsloven), and relatives in the network are not under it.
RECIPIENT_KINDS = ("service", "agency")
CHILD_VIEWS = ("agrees", "disagrees", "did-not-want-to-say", "not-asked")


class StaleConsent(Exception):
    """Someone changed the consent after the form was shown: nothing was changed."""


@dataclass(frozen=True)
class Terms:
    areas: tuple[str, ...]
    purpose: str
    valid_from: date
    valid_to: date | None = None
    exclusions: str | None = None

    def asrecord_change(self) -> dict:
        return {
            "areas": list(self.areas),
            "purpose": self.purpose,
            "exclusions": self.exclusions,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


@dataclass(frozen=True)
class ChildView:
    view: str | None = None
    text: str | None = None


def terms_of(consent: SharingConsent) -> Terms:
    return Terms(tuple(consent.areas), consent.purpose, consent.valid_from, consent.valid_to, consent.exclusions)


def widens(before: Terms | None, after: Terms) -> bool:
    """True when the change lets more be shared than before: that needs a fresh login at level
    high. Only a clear narrowing (fewer areas, an earlier end, later start, more exclusions,
    the same purpose) goes ahead without one."""
    if before is None:
        return True
    if not set(after.areas) <= set(before.areas):
        return True
    if before.valid_to is not None and (after.valid_to is None or after.valid_to > before.valid_to):
        return True
    if after.valid_from < before.valid_from:
        return True
    if (before.exclusions or "").strip() not in (after.exclusions or ""):
        return True
    return after.purpose.strip() != before.purpose.strip()


def state(consent: SharingConsent | None, day: date) -> str:
    """none, withdrawn, ended, not-started or active: what the consent means on `day`."""
    if consent is None:
        return "none"
    if consent.status == WITHDRAWN:
        return "withdrawn"
    if consent.valid_to is not None and consent.valid_to < day:
        return "ended"
    if consent.valid_from > day:
        return "not-started"
    return "active"


def plan_of(session: Session, actor: Actor) -> Plan | None:
    """The plan whose consents a form changes (the change records itself): no read is recorded."""
    return plan_for(session, actor.subject.id, actor.hides_private_items)


def plan_for_actor(session: Session, actor: Actor, page: str) -> Plan | None:
    """The plan whose consents `page` shows the actor; the read is recorded."""
    plan = plan_of(session, actor)
    if plan is not None:
        record_read(session, actor, plan, page)
    return plan


def recipients(plan: Plan) -> list[Participant]:
    return [p for p in plan.participants if p.kind in RECIPIENT_KINDS]


def sharing_consents(session: Session, plan: Plan) -> dict[int, SharingConsent]:
    """Every sharing consent of the plan, by participant id, in one query."""
    rows = session.scalars(select(SharingConsent).where(SharingConsent.plan_id == plan.id))
    return {row.participant_id: row for row in rows}


def sharing_consent_of(session: Session, participant: Participant) -> SharingConsent | None:
    """The consent to one service as it is now (read afresh: a form found it changed)."""
    return session.scalar(select(SharingConsent).where(SharingConsent.participant_id == participant.id))


def in_force_by_area(
    session: Session, plan: Plan, day: date, given: dict[int, SharingConsent] | None = None
) -> list[tuple[str, list[Participant]]]:
    """Every information area some service may share on `day`, with every service that may, in
    the vocabulary's order: the whole of what is in force, grouped by what is shared. An area no
    consent in force covers is left out; a plan with no consent in force gives an empty list.
    `given`: the plan's `sharing_consents`, when the caller has them already."""
    if given is None:
        given = sharing_consents(session, plan)
    in_force = [(p, given[p.id]) for p in recipients(plan) if state(given.get(p.id), day) == "active"]
    grouped = [(area, [p for p, consent in in_force if area in consent.areas]) for area in AREAS]
    return [(area, services) for area, services in grouped if services]


def recipient_to_change(session: Session, actor: Actor, participant_id: int) -> tuple[Plan, Participant] | None:
    """A service in the plan of the person the actor acts for; None for anyone else's (no hint).

    For a form that changes its consent (the change records itself): no read is recorded."""
    plan = plan_of(session, actor)
    if plan is None:
        return None
    participant = next((p for p in recipients(plan) if p.id == participant_id), None)
    return (plan, participant) if participant else None


def recipient_for_actor(
    session: Session, actor: Actor, participant_id: int, page: str
) -> tuple[Plan, Participant] | None:
    """`recipient_to_change`, for a page that shows its consent: the read is recorded."""
    found = recipient_to_change(session, actor, participant_id)
    if found is not None:
        record_read(session, actor, found[0], page)
    return found


def record_change(
    session: Session,
    actor: Actor,
    plan: Plan,
    *,
    kind: str,
    action: str,
    participant: Participant | None,
    before: dict | None,
    after: dict | None,
    child: ChildView,
    at: datetime,
) -> ConsentChange:
    change = ConsentChange(
        occurred_at=at,
        plan_id=plan.id,
        kind=kind,
        action=action,
        # A staff member is no person: they are named on the audit row below.
        author_id=actor.person.id if hasattr(actor, "person") else None,
        subject_id=actor.subject.id,
        basis=actor.basis,
        before=before,
        after=after,
        participant_id=participant.id if participant else None,
        participant_name=participant.service if participant else None,
        child_view=child.view,
        child_view_text=child.text,
    )
    session.add(change)
    audit.by_actor(
        session,
        actor,
        action=f"{'consent' if kind == 'sharing' else 'plan_consent'}.{action}",
        object_type="consent",
        object_id=participant.id if participant else plan.id,
        details={"service": participant.service} if participant else {},
    )
    return change


def commit_or_stale(session: Session) -> None:
    """Two people pressing at once: the database lets one through, the other changes nothing."""
    try:
        session.commit()
    except (StaleDataError, IntegrityError):
        session.rollback()
        raise StaleConsent() from None


def _snapshot(consent: SharingConsent | None) -> dict | None:
    if consent is None:
        return None
    return {"status": consent.status, **terms_of(consent).asrecord_change()}


@use_case
def save_sharing(
    session: Session,
    actor: Actor,
    plan: Plan,
    participant: Participant,
    terms: Terms,
    expected_version: int,
    child: ChildView = ChildView(),
    given_at: datetime | None = None,
) -> SharingConsent:
    """Give consent (none or withdrawn before) or change a given one, from the version the form showed.

    `given_at`: when the person gave it, if not now (a consent given on paper and recorded later);
    the access log still says when it was recorded."""
    at = given_at or utcnow()
    consent = sharing_consents(session, plan).get(participant.id)
    if (consent.version if consent else 0) != expected_version:
        raise StaleConsent()
    before = _snapshot(consent)
    action = "changed" if consent is not None and consent.status == GIVEN else "given"
    if consent is None:
        consent = SharingConsent(plan_id=plan.id, participant_id=participant.id)
        session.add(consent)
    consent.status = GIVEN
    consent.areas = [area for area in AREAS if area in terms.areas]
    consent.purpose, consent.exclusions = terms.purpose, terms.exclusions
    consent.valid_from, consent.valid_to = terms.valid_from, terms.valid_to
    consent.changed_at, consent.changed_by_id, consent.basis = at, actor.person.id, actor.basis
    record_change(
        session,
        actor,
        plan,
        kind="sharing",
        action=action,
        participant=participant,
        before=before,
        after=_snapshot(consent),
        child=child,
        at=at,
    )
    commit_or_stale(session)
    return consent


@use_case
def withdraw_sharing(
    session: Session,
    actor: Actor,
    plan: Plan,
    participant: Participant,
    expected_version: int,
    child: ChildView = ChildView(),
) -> SharingConsent:
    consent = sharing_consents(session, plan).get(participant.id)
    if consent is None or consent.version != expected_version or consent.status != GIVEN:
        raise StaleConsent()
    before = _snapshot(consent)
    consent.status = WITHDRAWN
    consent.changed_at, consent.changed_by_id, consent.basis = utcnow(), actor.person.id, actor.basis
    record_change(
        session,
        actor,
        plan,
        kind="sharing",
        action="withdrawn",
        participant=participant,
        before=before,
        after=_snapshot(consent),
        child=child,
        at=utcnow(),
    )
    commit_or_stale(session)
    return consent


def history(session: Session, plan: Plan, actor: Actor) -> list[ConsentChange]:
    """Every change to the plan's consents the actor may see, newest first: a parent of a
    12–15-year-old not those to a helper who serves only goals she keeps from him."""
    query = select(ConsentChange).where(ConsentChange.plan_id == plan.id)
    if actor.hides_private_items and (kept := privacy.participants_kept_from_parents(session, plan.id)):
        query = query.where(or_(ConsentChange.participant_id.is_(None), ConsentChange.participant_id.not_in(kept)))
    return list(session.scalars(query.order_by(ConsentChange.occurred_at.desc(), ConsentChange.id.desc())))


def record_read(session: Session, actor: Actor, plan: Plan, page: str) -> None:
    """Reading someone else's consents is in their access log, like reading their plan."""
    reading(session, actor, "consent.read", object_type="plan", object_id=plan.id, details={"page": page})
