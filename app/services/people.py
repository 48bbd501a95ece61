"""People: who logged in, and the choices they want remembered."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.domain.identity_numbers import IdentityNumber
from app.models import Person, Representation
from app.models.base import utcnow
from app.services.transaction import use_case


def find_person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def logged_in_person(session: Session, person_id: int) -> tuple[Person | None, bool]:
    """The person of a session, her plan's own row (the menu shows the plan's pages only to someone
    with a plan) and whether she holds any representation (the menu offers acting for someone):
    one statement, as every logged-in page asks it."""
    holds = exists().where(Representation.holder_id == Person.id)
    row = session.execute(select(Person, holds).where(Person.id == person_id).options(joinedload(Person.plan))).first()
    return (row[0], row[1]) if row else (None, False)


def find_by_pid(session: Session, pid: str) -> Person | None:
    return session.scalar(select(Person).where(Person.pid == pid))


def person_with_number(session: Session, number: IdentityNumber) -> Person:
    """The person with this identity number, added to the caller's transaction if new.

    Two requests at once for a new number (a double click, two grantors) both try to create
    them: the database's unique number lets one through, and the other rolls back and finds that
    one, so call this before anything else of the use case is staged. A name is never set here:
    a person's name comes from their own login or the population register."""
    person = find_by_pid(session, number.value)
    if person is not None:
        return person
    session.add(Person(pid=number.value, birth_date=number.birth_date))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
    return find_by_pid(session, number.value)


@use_case
def record_login(session: Session, number: IdentityNumber) -> Person:
    """The person with this identity number, created on their first login."""
    person = person_with_number(session, number)
    person.last_login_at = utcnow()
    session.commit()
    return person


def save_preferences(
    session: Session, person_id: int, *, locale: str | None = None, easy_read: bool | None = None
) -> None:
    """Remember a language or easy-read choice in the person's profile."""
    person = find_person(session, person_id)
    if person is None:
        return
    if locale is not None:
        person.locale = locale
    if easy_read is not None:
        person.easy_read = easy_read
    session.commit()
