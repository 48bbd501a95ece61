"""Whether the person, and whoever acts for them, can be told by e-mail and SMS: for the
coordinator, who must reach anyone the contact register cannot (reserved, or no details) another
way, and sees notices that were given up on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import NoticeDelivery, NoticePreference, Plan
from app.models.base import utcnow
from app.notifications import contacts
from app.notifications.facts import Facts
from app.notifications.recipients import people_of

RECENT = timedelta(days=30)


@dataclass(frozen=True)
class Reach:
    name: str
    for_someone: bool
    state: str  # digital, reserved, no_contact_details, unknown (the register did not answer)
    failed: int  # notices given up on in the last 30 days
    channels: tuple[str, ...] = ()  # with state digital: the channels they get notices on (none: turned off)


def reach_of(session: Session, plan: Plan) -> list[Reach]:
    people = people_of(session, Facts(subject_id=plan.owner_id))
    try:
        found = contacts.lookup([person.pid for person, _ in people])
    except contacts.RegisterUnavailable:
        found = None
    failed = dict(
        session.execute(
            select(NoticeDelivery.person_id, func.count())
            .where(
                NoticeDelivery.person_id.in_([person.id for person, _ in people]),
                NoticeDelivery.status == "failed",
                NoticeDelivery.created_at > utcnow() - RECENT,
            )
            .group_by(NoticeDelivery.person_id)
        ).all()
    )
    chosen = {
        p.person_id: p
        for p in session.scalars(
            select(NoticePreference).where(NoticePreference.person_id.in_([person.id for person, _ in people]))
        )
    }
    reach = []
    for person, for_someone in people:
        contact = found.get(person.pid) if found is not None else None
        if found is None:
            state = "unknown"
        elif contact is not None and contact.may_contact_digitally:
            state = "digital"
        else:
            state = "reserved" if contact is not None and contact.reserved else "no_contact_details"
        channels: tuple[str, ...] = ()
        if state == "digital":
            preference = chosen.get(person.id)
            wanted = {"email": preference is None or preference.email, "sms": preference is None or preference.sms}
            present = {"email": bool(contact.email), "sms": bool(contact.mobile)}
            channels = tuple(channel for channel in ("email", "sms") if wanted[channel] and present[channel])
        reach.append(Reach(person.name or "", for_someone, state, failed.get(person.id, 0), channels))
    return reach
