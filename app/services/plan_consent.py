"""Consent to having a plan at all, given or withdrawn as the actor may, with the same history
and audit as the consents to share (`consents.py`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.cases import Kind
from app.models import Plan, PlanConsent
from app.models.base import utcnow
from app.models.consent import GIVEN, WITHDRAWN
from app.services import consents
from app.services.case_intake import NoMunicipality, open_case
from app.services.consents import ChildView, StaleConsent
from app.services.transaction import use_case


def plan_consent(session: Session, plan: Plan) -> PlanConsent | None:
    return session.scalar(select(PlanConsent).where(PlanConsent.plan_id == plan.id))


NO_CHILD_VIEW = ChildView()  # the person decides for themselves: no child to be heard


@use_case
def give_plan_consent(
    session: Session,
    actor: Actor,
    plan: Plan,
    expected_version: int,
    day: date,
    child: ChildView = NO_CHILD_VIEW,
    given_at: datetime | None = None,
) -> PlanConsent:
    """`given_at` as for `save_sharing`."""
    at = given_at or utcnow()
    consent = plan_consent(session, plan)
    if (consent.version if consent else 0) != expected_version or (consent and consent.status == GIVEN):
        raise StaleConsent()
    before = {"status": consent.status, "given_on": consent.given_on.isoformat()} if consent else None
    if consent is None:
        consent = PlanConsent(plan_id=plan.id)
        session.add(consent)
    consent.status, consent.given_on = GIVEN, day
    consent.changed_at, consent.changed_by_id, consent.basis = at, actor.person.id, actor.basis
    plan.consented_on = day  # the plan page tells when the consent in force was given
    consents.record_change(
        session,
        actor,
        plan,
        kind="plan",
        action="given",
        participant=None,
        before=before,
        after={"status": GIVEN, "given_on": day.isoformat()},
        child=child,
        at=at,
    )
    consents.commit_or_stale(session)
    return consent


@use_case
def withdraw_plan_consent(
    session: Session, actor: Actor, plan: Plan, expected_version: int, child: ChildView = NO_CHILD_VIEW
) -> PlanConsent:
    consent = plan_consent(session, plan)
    if consent is None or consent.version != expected_version or consent.status != GIVEN:
        raise StaleConsent()
    # The KE follows up a withdrawn plan: a case on its desk in the same change, flushed before the
    # consent changes so a stale consent still fails at the commit and takes the case with it.
    # Withdrawing must stay as easy as giving: with no municipality on record, it goes on without.
    try:
        open_case(session, actor, Kind.PLAN_CONSENT_WITHDRAWN)
    except NoMunicipality:
        pass
    before = {"status": GIVEN, "given_on": consent.given_on.isoformat()}
    consent.status = WITHDRAWN
    consent.changed_at, consent.changed_by_id, consent.basis = utcnow(), actor.person.id, actor.basis
    plan.consented_on = None
    consents.record_change(
        session,
        actor,
        plan,
        kind="plan",
        action="withdrawn",
        participant=None,
        before=before,
        after={"status": WITHDRAWN, "given_on": consent.given_on.isoformat()},
        child=child,
        at=utcnow(),
    )
    consents.commit_or_stale(session)
    return consent
