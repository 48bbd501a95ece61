"""A sharing consent ends when its helper leaves the plan: a service no longer in the plan has
nobody in it to share with. The end is in the consent history like a withdrawal, with its own
action, so the person reads why it ended and that they did not end it themselves."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain import clock
from app.models import Participant, Plan
from app.models.base import utcnow
from app.models.consent import GIVEN, WITHDRAWN
from app.services import consents

# ConsentChange.action for a consent ended because its helper was removed from the plan.
HELPER_REMOVED = "participant_removed"


def end_for_removed_helper(session: Session, actor, plan: Plan, participant: Participant) -> None:
    """End the consent to `participant` if it is in force or still to come; the caller commits.
    A consent already withdrawn or past its last day has nothing left to end."""
    consent = consents.sharing_consent_of(session, participant)
    if consent is None or consent.status != GIVEN:
        return
    if consents.state(consent, clock.today()) not in ("active", "not-started"):
        return
    before = {"status": consent.status, **consents.terms_of(consent).asrecord_change()}
    at = utcnow()
    # Who changed it last stays as it was: a staff member is no person, and the history and the
    # audit log name who ended it.
    consent.status, consent.changed_at = WITHDRAWN, at
    consents.record_change(
        session,
        actor,
        plan,
        kind="sharing",
        action=HELPER_REMOVED,
        participant=participant,
        before=before,
        after={**before, "status": WITHDRAWN},
        child=consents.ChildView(),
        at=at,
    )
