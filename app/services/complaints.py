"""A complaint (pbrl § 7-2): about not getting a plan, nothing happening in it, or not being allowed
to take part. It goes to the municipality's koordinerende enhet as a case, which must help and,
if it does not change its decision, sends it on to the Statsforvalter.

The complaint is always about the actor's subject: nothing here takes a person id from a form,
and a case it is about must be one of the subject's own requests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.cases import OPEN_STATUSES, ComplaintReason, Kind
from app.models import Case
from app.services import audit
from app.services.case_intake import open_case
from app.services.case_status import complainable_case
from app.services.transaction import use_case

# The two answers are kept as one text on the case, under the headings the KE reads (in Bokmål,
# the language of the desk); `parts` takes them apart again for the person's own pages.
HAPPENED = "Hva har skjedd:"
WANTED = "Hva ønsker du:"


def compose(happened: str, wanted: str) -> str:
    return f"{HAPPENED}\n{happened}\n\n{WANTED}\n{wanted}"


def parts(text: str | None) -> tuple[str, str] | None:
    """What happened and what the person wants, from a text `compose` made; None for any other text."""
    if not text or not text.startswith(HAPPENED + "\n") or f"\n\n{WANTED}\n" not in text:
        return None
    happened, wanted = text[len(HAPPENED) + 1 :].split(f"\n\n{WANTED}\n", 1)
    return happened, wanted


class AlreadySent(Exception):
    """The same complaint is open already (a double click, a replayed form): nothing new was made."""

    def __init__(self, case: Case):
        super().__init__("already sent")
        self.case = case


def _same_open(session: Session, actor: Actor, reason: ComplaintReason, text: str) -> Case | None:
    return session.scalar(
        select(Case).where(
            Case.person_id == actor.subject.id,
            Case.kind == str(Kind.COMPLAINT),
            Case.status.in_(OPEN_STATUSES),
            Case.complaint_reason == str(reason),
            Case.complaint_text == text,
        )
    )


@use_case
def complain(
    session: Session, actor: Actor, reason: ComplaintReason, text: str, about_case_id: int | None = None
) -> Case:
    """Send the complaint once: the same words for the same reason while the first is open raise
    AlreadySent with it. A case id that is not one of the subject's requests is left out, not
    trusted. A subject without a municipality raises case_intake.NoMunicipality."""
    if (existing := _same_open(session, actor, reason, text)) is not None:
        raise AlreadySent(existing)
    about = complainable_case(session, actor, about_case_id)
    case = open_case(
        session,
        actor,
        Kind.COMPLAINT,
        complaint_reason=str(reason),
        complaint_text=text,
        about_case_id=about.id if about else None,
    )
    audit.by_actor(
        session,
        actor,
        action="complaint.sent",
        object_type="ke_case",
        object_id=case.id,
        details={"reason": str(reason)},
    )
    session.commit()
    return case
