"""Cases waiting on the koordinerende enhet's desk in Askøy, as if they came in on paper some
weeks ago and were registered then: Eva's request for a plan, nearly a month old with nothing
done (the desk warns that an interim answer is due), and Tone's request for a coordinator only,
past its month, taken by Hilde Brekke, who has sent the interim answer. Made through the same
use cases as the app's; loading twice adds nothing (a person with a case is left as it is)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.staff import demo_issuer, demo_subject
from app.domain import Actor, clock
from app.models import Case, Person, StaffMember
from app.models.base import utcnow
from app.services import audit, case_handling
from app.services import staff as staff_service
from app.services.plan_requests import RequestDetails, add_request

EVA, TONE = "17906830043", "02827930078"


def _request(session: Session, pid: str, details: RequestDetails, days_ago: int) -> Case | None:
    person = session.scalar(select(Person).where(Person.pid == pid))
    if session.scalar(select(Case.id).where(Case.person_id == person.id)) is not None:
        return None
    actor = Actor(person)
    request = add_request(session, actor, details, received_at=utcnow() - timedelta(days=days_ago))
    audit.by_actor(session, actor, action="plan.requested", object_type="plan_request", object_id=request.id)
    session.commit()
    return session.scalar(select(Case).where(Case.plan_request_id == request.id))


def upsert_cases(session: Session) -> int:
    _request(
        session,
        EVA,
        RequestDetails(wish="Hjelp til å få hverdagen til å henge sammen etter ulykken.", contact_by="letter"),
        days_ago=26,
    )
    tone = _request(
        session,
        TONE,
        RequestDetails(
            wish="Én å ringe til når det gjelder sønnen min.",
            contact_by="letter",
            wants="coordinator",
            coordinator_wish="Gjerne Mona Fjeld, som vi kjenner fra før.",
        ),
        days_ago=40,
    )
    if tone is not None:
        officer_id = session.scalar(
            select(StaffMember.id).where(
                StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject("hilde.brekke")
            )
        )
        officer = staff_service.actor_for(session, officer_id)
        taken = case_handling.take(session, officer, tone.id, tone.version)
        case_handling.send_interim_answer(
            session,
            officer,
            taken.id,
            taken.version,
            "Vi venter på opplysninger fra fastlegen før vi kan velge koordinator.",
            clock.today() + timedelta(days=21),
        )
    return 2
