"""Messages in a plan: one conversation per plan between the person (and whoever writes for them)
and their coordinator, and the koordinerende enhet while a case of the person's is open. A message is kept as written: its text is never changed; a sender may
withdraw it, which hides the text and leaves the trace that it was withdrawn."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event, false, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import AppendOnly, Base, UTCDateTime, intpk, timestamp, utcnow
from app.models.person import Person
from app.models.staff import StaffMember


class Message(Base):
    __tablename__ = "message"
    __table_args__ = (Index("ix_message_plan_id_id", "plan_id", "id"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    sent_at: Mapped[timestamp] = mapped_column(default=utcnow)
    # Who wrote it: a person (the owner or a representative, with the basis they wrote on), or a
    # staff member, on the coordinator's side or the koordinerende enhet's (`sender_role`).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    basis: Mapped[str | None] = mapped_column(String(30))
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    # A staff message's side, as the person reads it: "coordinator" or "ke"; None from the person's side.
    sender_role: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text())
    # A 12–15-year-old's message to her coordinator, and the coordinator's answer to it: kept
    # from her parents everywhere (the list, the counts, the access log, the notices).
    private_from_parents: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person | None] = relationship(Person, viewonly=True)
    staff_member: Mapped[StaffMember | None] = relationship(StaffMember, viewonly=True)

    @property
    def from_staff(self) -> bool:
        return self.staff_member_id is not None

    @property
    def from_ke(self) -> bool:
        return self.staff_member_id is not None and self.sender_role == "ke"


@event.listens_for(Message, "before_update")
def _kept_as_written(_mapper, connection, target: Message) -> None:
    """Only the withdrawal may change a message; its words, sender and privacy stay as sent."""
    state = inspect(target)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    if changed - {"withdrawn_at"}:
        raise AppendOnly(f"message {target.id} is kept as written: {sorted(changed)}")


class MessageSeen(Base):
    """How far a reader has read a plan's conversation: each person who reads it (the owner, a
    representative) has a marker, the coordinator's side one (`reader_key` "staff") and the
    koordinerende enhet one ("ke"), so neither side's reading moves the other's."""

    __tablename__ = "message_seen"
    __table_args__ = (UniqueConstraint("plan_id", "reader_key", name="uq_message_seen_plan_reader"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    reader_key: Mapped[str] = mapped_column(String(30))  # "person:<id>", "staff" or "ke"
    last_message_id: Mapped[int] = mapped_column(Integer(), default=0)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
