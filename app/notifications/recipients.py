"""Who is told of an event: the person it concerns, if they may read their own plan, and everyone
who may act for them today as the rules of representation say, with what each wants to hear; and
the staff the event names. Not whoever caused it, and nobody kept from a private matter."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock, rules
from app.domain.capabilities import Capability
from app.domain.notice_topics import Channel, Topic
from app.models import Person, Representation, StaffMember
from app.models.notice import NoticePreference
from app.notifications.facts import Facts
from app.services import representations

DEFAULT_LOCALE = "nb"


@dataclass(frozen=True)
class Recipient:
    key: str  # "person:<id>" or "staff:<id>"
    person_id: int | None
    staff_member_id: int | None
    pid: str | None  # looked up in the contact register; staff give their own e-mail
    email: str | None
    locale: str
    easy_read: bool
    for_someone: bool  # told as someone who acts for the person, not as the person
    channels: frozenset[Channel]


def _channels(preference: NoticePreference | None, topic: Topic) -> frozenset[Channel]:
    if preference is None:
        return frozenset(Channel)
    if str(topic) in (preference.muted or []):
        return frozenset()
    return frozenset(
        channel for channel, on in ((Channel.EMAIL, preference.email), (Channel.SMS, preference.sms)) if on
    )


def _person(person: Person, preference: NoticePreference | None, topic: Topic, for_someone: bool) -> Recipient:
    locale = person.locale or (person.municipality.written_locale if person.municipality else None)
    return Recipient(
        key=f"person:{person.id}",
        person_id=person.id,
        staff_member_id=None,
        pid=person.pid,
        email=None,
        locale=locale or DEFAULT_LOCALE,
        easy_read=bool(person.easy_read),
        for_someone=for_someone,
        channels=_channels(preference, topic),
    )


def people_of(session: Session, facts: Facts) -> list[tuple[Person, bool]]:
    """(person, acts for someone) for everyone who may read the plan of the person concerned."""
    subject = session.get(Person, facts.subject_id)
    if subject is None:
        return []
    today = clock.today()
    found: dict[int, tuple[Person, bool]] = {}
    own = rules.own_capabilities(representations.rule_person(subject), today)
    if Capability.PLAN_READ in own:
        found[subject.id] = (subject, False)
    held = session.scalars(select(Representation).where(Representation.represented_id == subject.id))
    for representation in held:
        grant = representations.judge(representation, today)
        if not grant.allows(Capability.PLAN_READ) or (facts.private and grant.hides_private_items):
            continue
        found.setdefault(representation.holder_id, (representation.holder, True))
    return list(found.values())


def recipients(session: Session, facts: Facts, topic: Topic) -> list[Recipient]:
    told: list[Recipient] = []
    if facts.tell_person and facts.subject_id is not None:
        people = [(p, for_someone) for p, for_someone in people_of(session, facts) if p.id != facts.by_person_id]
        preferences = {
            p.person_id: p
            for p in session.scalars(
                select(NoticePreference).where(NoticePreference.person_id.in_([p.id for p, _ in people]))
            )
        }
        told += [_person(p, preferences.get(p.id), topic, for_someone) for p, for_someone in people]
    staff_ids = [staff_id for staff_id in facts.staff_ids if staff_id != facts.by_staff_id]
    for member in session.scalars(select(StaffMember).where(StaffMember.id.in_(staff_ids))) if staff_ids else ():
        if member.email:
            told.append(
                Recipient(
                    key=f"staff:{member.id}",
                    person_id=None,
                    staff_member_id=member.id,
                    pid=None,
                    email=member.email,
                    locale=DEFAULT_LOCALE,
                    easy_read=False,
                    for_someone=False,
                    channels=frozenset({Channel.EMAIL}),
                )
            )
    return told
