"""Messages in a plan: one conversation between the person (the owner, and whoever may take part
in the plan for them) and their coordinator, and the koordinerende enhet (KE) while the person
has an open case there: a person whose plan has no coordinator yet writes to the KE. Every
message is kept as written; its sender may withdraw it, which hides its words and leaves a
trace. Each reader has a marker of how far they have read: each person for themselves, the
coordinator's side one for the plan and the KE one of its own, so neither moves the other's.

A 12–15-year-old may send her coordinator a message her parents never see, and the coordinator's
(or the KE's) answer to it is kept from them too: in the list, the counts, the access log and the
notices. The KE reads it while a case is open: it is kept from her parents, not from the municipality.

Reads for the staff side are in message_reads.py; these take a person's actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.domain.capabilities import Capability
from app.domain.staff_access import StaffForPerson
from app.models import Case, Plan
from app.models.base import utcnow
from app.models.message import Message, MessageSeen
from app.services import audit, case_desk, plans
from app.services.reads import reading
from app.services.transaction import use_case

# Long enough for a letter, short enough to read on a phone; the form's character count says it.
MESSAGE_MAX = 5000
STAFF_READER = "staff"
KE_READER = "ke"
# The staff sides of a conversation (Message.sender_role) and each one's read marker.
COORDINATOR, KE = "coordinator", "ke"
READER_OF_SIDE = {COORDINATOR: STAFF_READER, KE: KE_READER}
# The same words from the same sender this soon after are the same message sent twice (a double
# click, a form sent again after a slow answer): the first is kept, no second is made.
REPLAY_WINDOW = timedelta(minutes=2)


def _just_sent(session: Session, plan_id: int, text: str, **sender) -> Message | None:
    """The sender's last message in the plan, if it has these words and was sent just now."""
    ((column, value),) = sender.items()
    last = session.scalar(
        select(Message)
        .where(Message.plan_id == plan_id, getattr(Message, column) == value)
        .order_by(Message.id.desc())
        .limit(1)
    )
    if last is None or last.withdrawn_at is not None or last.text != text:
        return None
    return last if utcnow() - last.sent_at < REPLAY_WINDOW else None


class NoCoordinator(Exception):
    """The plan has no coordinator yet and the KE has no open case of the person's: nobody would read the message."""


class NotYours(Exception):
    """Only the one who sent a message may withdraw it; another's, or one not in the plan, is refused."""


@dataclass(frozen=True)
class Conversation:
    plan: Plan
    messages: list[Message]
    read_by_other_side: int  # the last message id the other side has read: "Lest" up to there
    unread_before: int  # the reader's marker before this look: what is newer was new to them
    open_case: Case | None = None  # the person's open case at the KE: the KE reads and answers too
    side: str | None = None  # on the staff side: whose page it is, COORDINATOR or KE


def open_case_for(session: Session, plan: Plan) -> Case | None:
    """The oldest open case of the plan's owner on the desk of the plan's municipality, if any."""
    found = case_desk.open_cases_of(session, plan.owner_id, plan.owner.municipality_id)
    return found[0] if found else None


def persons_side_writes_to(plan: Plan) -> str:
    """Whom the person's side writes to: the coordinator, or while there is none the KE (whose
    reading then is what "Lest" says)."""
    return COORDINATOR if plan.coordinator_id is not None else KE


def reader_key(person_id: int) -> str:
    return f"person:{person_id}"


def visible(query, actor):
    """Messages the actor may see: all of them, but a parent of a 12–15-year-old sees none she keeps private."""
    return query.where(~Message.private_from_parents) if actor.hides_private_items else query


def _marker(session: Session, plan_id: int, key: str) -> MessageSeen | None:
    return session.scalar(select(MessageSeen).where(MessageSeen.plan_id == plan_id, MessageSeen.reader_key == key))


def seen_up_to(session: Session, plan_id: int, key: str) -> int:
    marker = _marker(session, plan_id, key)
    return marker.last_message_id if marker else 0


def mark_read(session: Session, plan_id: int, key: str, last_id: int, staff_member_id: int | None = None) -> None:
    """Move the reader's marker forward to `last_id` and commit; two first looks at once keep one row."""
    marker = _marker(session, plan_id, key)
    if marker is None:
        session.add(
            MessageSeen(plan_id=plan_id, reader_key=key, last_message_id=last_id, staff_member_id=staff_member_id)
        )
    elif marker.last_message_id < last_id:
        marker.last_message_id, marker.seen_at = last_id, utcnow()
        marker.staff_member_id = staff_member_id or marker.staff_member_id
    try:
        session.commit()
    except IntegrityError:  # the other look wrote it: the marker is there
        session.rollback()


def messages_of(session: Session, plan_id: int, actor) -> list[Message]:
    query = (
        select(Message)
        .where(Message.plan_id == plan_id)
        .options(selectinload(Message.person), selectinload(Message.staff_member))
        .order_by(Message.id)
    )
    return list(session.scalars(visible(query, actor)))


def plan_of(session: Session, actor) -> Plan | None:
    """The plan of the person the actor acts for; records no read."""
    return plans.plan_seen_by(session, actor)


@use_case
def conversation_for_actor(session: Session, actor) -> Conversation | None:
    """The plan's conversation as the actor may see it, the read in the access log (someone else's
    look) and the actor's marker moved to the newest message."""
    plan = plan_of(session, actor)
    if plan is None:
        return None
    reading(session, actor, "messages.read", object_type="plan", object_id=plan.id)
    messages = messages_of(session, plan.id, actor)
    key = reader_key(actor.person.id)
    before = seen_up_to(session, plan.id, key)
    other_side = seen_up_to(session, plan.id, READER_OF_SIDE[persons_side_writes_to(plan)])
    open_case = open_case_for(session, plan)
    if messages and messages[-1].id > before:
        mark_read(session, plan.id, key, messages[-1].id)
    return Conversation(plan, messages, other_side, before, open_case)


def unread_for_actor(session: Session, actor) -> int:
    """Messages the actor has not read yet, not their own: for Min side."""
    plan = plan_of(session, actor)
    if plan is None or not actor.can(Capability.PLAN_READ):
        return 0
    query = select(func.count()).where(
        Message.plan_id == plan.id,
        Message.id > seen_up_to(session, plan.id, reader_key(actor.person.id)),
        (Message.person_id.is_(None)) | (Message.person_id != actor.person.id),
        Message.withdrawn_at.is_(None),
    )
    return session.scalar(visible(query, actor)) or 0


@use_case
def send(session: Session, actor, plan: Plan, text: str, private: bool = False) -> Message:
    """A message from the person's side to the coordinator, or to the KE while the plan has no
    coordinator and the person an open case. Only a 12–15-year-old herself keeps one from her
    parents; anyone else's `private` is ignored."""
    to = persons_side_writes_to(plan)
    if to == KE and open_case_for(session, plan) is None:
        raise NoCoordinator
    if (already := _just_sent(session, plan.id, text, person_id=actor.person.id)) is not None:
        return already
    message = Message(
        plan_id=plan.id,
        person_id=actor.person.id,
        basis=actor.basis,
        text=text,
        private_from_parents=private and actor.can(Capability.GOAL_KEEP_PRIVATE),
    )
    session.add(message)
    session.flush()
    audit.by_actor(session, actor, "message.sent", "message", message.id, {"to": to} if to == KE else None)
    mark_read_staged(session, plan.id, reader_key(actor.person.id), message.id)
    session.commit()
    return message


def mark_read_staged(session: Session, plan_id: int, key: str, last_id: int, staff_member_id: int | None = None):
    """The sender has read their own message: their marker moves with it, in the send's transaction."""
    marker = _marker(session, plan_id, key)
    if marker is None:
        session.add(
            MessageSeen(plan_id=plan_id, reader_key=key, last_message_id=last_id, staff_member_id=staff_member_id)
        )
    elif marker.last_message_id < last_id:
        marker.last_message_id, marker.seen_at = last_id, utcnow()


@use_case
def reply(
    session: Session, actor: StaffForPerson, plan: Plan, text: str, reply_to_id: int | None, side: str = COORDINATOR
) -> Message:
    """A message from the coordinator's side or the KE's (`side`, whose access the caller has
    checked); an answer to a message the child keeps from her parents is kept from them too."""
    answered = session.get(Message, reply_to_id) if reply_to_id else None
    if answered is not None and answered.plan_id != plan.id:
        answered = None
    if (already := _just_sent(session, plan.id, text, staff_member_id=actor.staff.member.id)) is not None:
        return already
    message = Message(
        plan_id=plan.id,
        staff_member_id=actor.staff.member.id,
        sender_role=side,
        basis=actor.basis,
        text=text,
        private_from_parents=bool(answered and answered.private_from_parents),
        reply_to_id=answered.id if answered else None,
    )
    session.add(message)
    session.flush()
    audit.by_actor(session, actor, "message.sent", "message", message.id)
    mark_read_staged(session, plan.id, READER_OF_SIDE[side], message.id, actor.staff.member.id)
    session.commit()
    return message


@use_case
def withdraw(session: Session, actor, plan: Plan, message_id: int) -> Message:
    """Withdraw one's own message: its words are no longer shown, the trace stays. Withdrawing it
    again changes nothing."""
    message = session.get(Message, message_id)
    if message is None or message.plan_id != plan.id or not _sent_by(message, actor):
        raise NotYours
    if message.private_from_parents and actor.hides_private_items:
        raise NotYours
    if message.withdrawn_at is None:
        message.withdrawn_at = utcnow()
        audit.by_actor(session, actor, "message.withdrawn", "message", message.id)
        session.commit()
    return message


def _sent_by(message: Message, actor) -> bool:
    if isinstance(actor, StaffForPerson):
        return message.staff_member_id == actor.staff.member.id
    return message.person_id == actor.person.id and message.staff_member_id is None


def private_ids(session: Session, subject_id: int) -> list[str]:
    """The subject's messages kept from her parents, as the access log names them."""
    return [
        str(i)
        for i in session.scalars(
            select(Message.id)
            .join(Plan, Message.plan_id == Plan.id)
            .where(Plan.owner_id == subject_id, Message.private_from_parents)
        )
    ]


def unread_by_plan(session: Session, plan_ids: list[int]) -> dict[int, int]:
    """For each plan, how many messages from the person's side its coordinator's side has not read."""
    if not plan_ids:
        return {}
    seen = (
        select(MessageSeen.plan_id, MessageSeen.last_message_id)
        .where(MessageSeen.reader_key == STAFF_READER, MessageSeen.plan_id.in_(plan_ids))
        .subquery()
    )
    rows = session.execute(
        select(Message.plan_id, func.count())
        .outerjoin(seen, seen.c.plan_id == Message.plan_id)
        .where(
            Message.plan_id.in_(plan_ids),
            Message.staff_member_id.is_(None),
            Message.withdrawn_at.is_(None),
            Message.id > func.coalesce(seen.c.last_message_id, 0),
        )
        .group_by(Message.plan_id)
    )
    return {plan_id: count for plan_id, count in rows}
