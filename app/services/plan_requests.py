"""Asking the municipality for an individuell plan: the request, on its own or with the answers
of "Hva er viktig for deg?", and what the person is shown of it afterwards.

The request is always for the actor's subject: nothing here takes a person id from a form. A
person has at most one open request (a partial unique index holds it), so a double click, two
tabs, or the person and a representative at the same moment make one request, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.cases import Kind
from app.models import Plan, PlanRequest
from app.services import audit
from app.services.case_intake import open_case
from app.services.reads import reading
from app.services.transaction import use_case

OPEN = "received"
CONTACT_WAYS = ("phone", "email", "letter")
# What the person asks for: an individuell plan with a coordinator, or a coordinator only (pbrl § 2-5 b).
WANTS = ("plan", "coordinator")


class AlreadyRequested(Exception):
    """An open request for the person exists already: nothing new was made."""

    def __init__(self, request: PlanRequest | None):
        super().__init__("already requested")
        self.request = request


class HasPlan(Exception):
    """The person has a plan already: there is nothing to ask for."""


@dataclass(frozen=True)
class RequestDetails:
    """What the request form gives: the person's own words, and how KE may reach them."""

    wish: str | None = None
    contact_by: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    wants: str = "plan"
    coordinator_wish: str | None = None


def open_request(session: Session, person_id: int) -> PlanRequest | None:
    return session.scalar(select(PlanRequest).where(PlanRequest.person_id == person_id, PlanRequest.status == OPEN))


def latest_for_actor(session: Session, actor: Actor) -> PlanRequest | None:
    """The subject's latest request, to show the actor; a read by someone else is recorded."""
    found = session.scalar(
        select(PlanRequest).where(PlanRequest.person_id == actor.subject.id).order_by(PlanRequest.id.desc()).limit(1)
    )
    if found is not None:
        reading(session, actor, "plan_request.read", object_type="plan_request", object_id=found.id)
    return found


def add_request(
    session: Session,
    actor: Actor,
    details: RequestDetails | None = None,
    answers=None,
    received_at: datetime | None = None,
) -> PlanRequest:
    """Within the caller's transaction: the subject's open request, given the wizard's `answers`
    if it has none yet, or a new one with its case on the KE's desk. The caller records what
    happened and commits; a request made by someone else in between surfaces as an IntegrityError
    at the flush. A subject without a municipality raises case_intake.NoMunicipality.
    `received_at` is for a request that came on paper earlier (see case_intake.open_case)."""
    owner = actor.subject
    existing = open_request(session, owner.id)
    if existing is not None:
        if answers and not existing.answers:
            existing.answers = answers
        return existing
    details = details or RequestDetails()
    request = PlanRequest(
        person_id=owner.id,
        municipality_id=owner.municipality_id,
        requested_by_id=actor.person.id,
        basis=actor.basis,
        answers=answers or {},
        status=OPEN,
        wish=details.wish or None,
        contact_by=details.contact_by or None,
        contact_phone=(details.contact_phone or None) if details.contact_by == "phone" else None,
        contact_email=(details.contact_email or None) if details.contact_by == "email" else None,
        coordinator_wish=details.coordinator_wish or None,
    )
    if received_at is not None:
        request.created_at = received_at
    session.add(request)
    session.flush()
    # The request reaches the KE's desk in the same change: nothing a person sends goes nowhere.
    kind = Kind.COORDINATOR_REQUEST if details.wants == "coordinator" else Kind.PLAN_REQUEST
    open_case(session, actor, kind, plan_request_id=request.id, received_at=received_at)
    return request


@use_case
def request_plan(session: Session, actor: Actor, details: RequestDetails) -> PlanRequest:
    """Send a request for a plan for the actor's subject, once: a second while one is open raises
    AlreadyRequested with the first, a person with a plan HasPlan."""
    owner = actor.subject
    if session.scalar(select(Plan.id).where(Plan.owner_id == owner.id)) is not None:
        raise HasPlan()
    existing = open_request(session, owner.id)
    if existing is not None:
        raise AlreadyRequested(existing)
    try:
        request = add_request(session, actor, details)
    except IntegrityError:  # the same request from another tab or person, at the same moment
        session.rollback()
        raise AlreadyRequested(open_request(session, owner.id)) from None
    audit.by_actor(
        session, actor, action="plan.requested", object_type="plan_request", object_id=request.id, details={}
    )
    session.commit()
    session.refresh(request)
    return request
