"""The daily reminders: a consent or fullmakt ending within a month, a child turning 12, 16 or 18
within a month (who may see and decide changes then), and a request near its one-month deadline
with no answer yet (to the KE's officers). Each is written once, however often the job runs."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.cases import Status
from app.domain.notice_topics import ENDING_NOTICE_DAYS, Reminder
from app.domain.rules import Basis
from app.models import Case, Person, Plan, Representation, SharingConsent
from app.notifications.outbox import reminder

BIRTHDAYS = {12: Reminder.TURNS_12, 16: Reminder.TURNS_16, 18: Reminder.TURNS_18}
DEADLINE_WARNING_DAYS = 5


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def write_reminders(session: Session) -> int:
    today = clock.today()
    horizon = today + timedelta(days=ENDING_NOTICE_DAYS)
    written = 0
    consents = session.execute(
        select(SharingConsent.id, SharingConsent.valid_to, Plan.owner_id)
        .join(Plan, Plan.id == SharingConsent.plan_id)
        .where(SharingConsent.status == "given", SharingConsent.valid_to.between(today, horizon))
    )
    for consent_id, valid_to, owner_id in consents:
        reminder(
            session,
            Reminder.CONSENT_ENDING,
            owner_id,
            f"consent_ending:{consent_id}:{valid_to}",
            {"consent_id": consent_id},
        )
        written += 1
    fullmakter = session.execute(
        select(Representation.id, Representation.valid_to, Representation.represented_id).where(
            Representation.basis == str(Basis.POWER_OF_ATTORNEY),
            Representation.revoked_at.is_(None),
            Representation.valid_to.between(today, horizon),
        )
    )
    for representation_id, valid_to, represented_id in fullmakter:
        reminder(session, Reminder.FULLMAKT_ENDING, represented_id, f"fullmakt_ending:{representation_id}:{valid_to}")
        written += 1
    with_plan = select(Plan.owner_id)
    for age, name in BIRTHDAYS.items():
        born = session.execute(
            select(Person.id, Person.birth_date).where(
                Person.birth_date.between(_years_before(today, age), _years_before(horizon, age)),
                Person.id.in_(with_plan),
            )
        )
        for person_id, birth_date in born:
            reminder(session, name, person_id, f"turns_{age}:{person_id}:{birth_date}")
            written += 1
    near = session.execute(
        select(Case.id, Case.deadline, Case.municipality_id).where(
            Case.status == str(Status.RECEIVED),
            Case.interim_sent_at.is_(None),
            Case.deadline.between(today, today + timedelta(days=DEADLINE_WARNING_DAYS)),
        )
    )
    for case_id, deadline, municipality_id in near:
        reminder(
            session,
            Reminder.CASE_DEADLINE,
            None,
            f"case_deadline:{case_id}:{deadline}",
            {"municipality_id": municipality_id},
        )
        written += 1
    session.commit()
    return written
