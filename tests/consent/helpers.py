"""Shared steps for the consent tests: find a service in a plan, give, change and withdraw."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import ConsentChange, Participant, Person, Plan, SharingConsent


def participant_id(app, owner_pid: str, service: str) -> int:
    with app.app_context():
        s = db.db_session()
        return s.scalar(
            select(Participant.id)
            .join(Plan, Plan.id == Participant.plan_id)
            .join(Person, Person.id == Plan.owner_id)
            .where(Person.pid == owner_pid, Participant.service == service)
        )


def consent_of(app, participant: int) -> SharingConsent | None:
    with app.app_context(), db.new_session() as s:
        consent = s.scalar(select(SharingConsent).where(SharingConsent.participant_id == participant))
        if consent is not None:
            s.expunge(consent)
        return consent


def changes_of(app, participant: int) -> list[ConsentChange]:
    with app.app_context(), db.new_session() as s:
        changes = list(
            s.scalars(
                select(ConsentChange).where(ConsentChange.participant_id == participant).order_by(ConsentChange.id)
            )
        )
        for change in changes:
            s.expunge(change)
        return changes


def version_of(app, participant: int) -> int:
    consent = consent_of(app, participant)
    return consent.version if consent else 0


def give(client, participant: int, version: int | None = None, **form):
    """Send the give form as a browser would (version: what the page showed)."""
    app = client.app
    token = client.csrf_token("/samtykke")
    data = {
        "csrf_token": token,
        "areas": ["work"],
        "purpose": "Arbeidsutprøving.",
        "valid_from": "",
        "valid_to": "",
        "exclusions": "",
        "next": f"/samtykke/{participant}/gi",
        "version": str(version_of(app, participant) if version is None else version),
        **form,
    }
    if not data["valid_from"]:
        from app.domain.clock import today

        data["valid_from"] = today().strftime("%d.%m.%Y")
    return client.post(f"/samtykke/{participant}/gi", data)


def change(client, participant: int, version: int | None = None, **form):
    app = client.app
    consent = consent_of(app, participant)
    token = client.csrf_token("/samtykke")
    data = {
        "csrf_token": token,
        "areas": list(consent.areas),
        "purpose": consent.purpose,
        "exclusions": consent.exclusions or "",
        "valid_from": consent.valid_from.strftime("%d.%m.%Y"),
        "valid_to": consent.valid_to.strftime("%d.%m.%Y") if consent.valid_to else "",
        "next": f"/samtykke/{participant}/endre",
        "version": str(consent.version if version is None else version),
        **form,
    }
    return client.post(f"/samtykke/{participant}/endre", data)


def withdraw(client, participant: int, version: int | None = None, **form):
    token = client.csrf_token("/samtykke")
    data = {
        "csrf_token": token,
        "version": str(version_of(client.app, participant) if version is None else version),
        **form,
    }
    return client.post(f"/samtykke/{participant}/trekk-tilbake", data)
