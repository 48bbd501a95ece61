"""What a person wants to hear of by e-mail and SMS: read with the defaults filled in, and saved."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.notice_topics import Channel, Topic
from app.models import NoticePreference


@dataclass(frozen=True)
class Wanted:
    channels: frozenset[Channel]
    topics: frozenset[Topic]


EVERYTHING = Wanted(frozenset(Channel), frozenset(Topic))


def wanted_by(session: Session, person_id: int) -> Wanted:
    preference = session.get(NoticePreference, person_id)
    if preference is None:
        return EVERYTHING
    channels = {Channel.EMAIL} if preference.email else set()
    channels |= {Channel.SMS} if preference.sms else set()
    muted = set(preference.muted or ())
    return Wanted(frozenset(channels), frozenset(topic for topic in Topic if topic not in muted))


def save(session: Session, person_id: int, wanted: Wanted) -> None:
    # Stored as what is turned off, so a topic added later reaches everyone until they turn it off.
    muted = [str(topic) for topic in Topic if topic not in wanted.topics]
    for attempt in range(2):
        preference = session.get(NoticePreference, person_id)
        if preference is None:
            preference = NoticePreference(person_id=person_id)
            session.add(preference)
        preference.email = Channel.EMAIL in wanted.channels
        preference.sms = Channel.SMS in wanted.channels
        preference.muted = muted
        try:
            session.commit()
            return
        except IntegrityError:
            # The same person saved in another tab at the same moment: theirs made the row, ours updates it.
            session.rollback()
            if attempt:
                raise
