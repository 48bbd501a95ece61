"""Cases on the KE's desk for tests: a new synthetic person in a municipality sends one, as a
citizen would (app.services.case_intake.open_case), with a request for a plan and its wish."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select, update

from app import db
from app.domain import Actor
from app.domain.cases import Kind
from app.domain.identity_numbers import parse
from app.models import Case, Municipality, Person, PlanRequest
from app.services.case_intake import open_case
from tests.concurrency.numbers import synthetic_adults

_NUMBERS = synthetic_adults(day=21, month=6, year=84)
_NAMES = (f"Testperson {n}" for n in itertools.count(1))


def send_case(
    app,
    municipality: str = "askoy",
    kind: Kind = Kind.PLAN_REQUEST,
    wish: str | None = "Jeg vil gjerne ha Line som koordinator.",
) -> int:
    """A new person in `municipality` sends a case of `kind`, received now. Its id."""
    with app.app_context():
        session = db.db_session()
        place = session.scalar(select(Municipality).where(Municipality.slug == municipality))
        number = parse(next(_NUMBERS))
        person = Person(pid=number.value, birth_date=number.birth_date, name=next(_NAMES), municipality_id=place.id)
        session.add(person)
        session.flush()
        request_id = None
        if kind == Kind.PLAN_REQUEST:
            request = PlanRequest(
                person_id=person.id,
                municipality_id=place.id,
                requested_by_id=person.id,
                basis="self",
                answers={"participants": "Mamma"},
                status="received",
                wish=wish,
                contact_by="phone",
                contact_phone="912 34 567",
            )
            session.add(request)
            session.flush()
            request_id = request.id
        case = open_case(session, Actor(person), kind, plan_request_id=request_id)
        session.commit()
        return case.id


def age_case(app, case_id: int, days: int) -> None:
    """Move a case's receipt and deadline `days` into the past."""
    with app.app_context():
        session = db.db_session()
        case = session.get(Case, case_id)
        session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(received_at=case.received_at - timedelta(days=days), deadline=case.deadline - timedelta(days=days))
        )
        session.commit()


def case_row(app, case_id: int) -> Case:
    with app.app_context():
        session = db.db_session()
        session.expire_all()
        case = session.get(Case, case_id)
        session.expunge(case)
        return case
