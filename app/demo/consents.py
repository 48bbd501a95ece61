"""Demo consents: Kari's own, Ola's given by his verge Randi, Emma's by her father Per,
each with its history, so "Hvem kan dele hva om meg" can be tried with `make run`. Consents the
people have changed since are left as they left them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.domain.rules import Basis
from app.models import ConsentChange, Person, Plan, PlanConsent, SharingConsent
from app.models.consent import GIVEN

KARI, OLA, RANDI, EMMA, PER, SARA, NILS = (
    "12838502510",
    "03899807153",
    "21866229012",
    "07811674014",
    "30849009334",
    "15821286864",
    "11917539245",
)

# owner: (who consented, on what basis, the services and what each may share)
CONSENTS: dict[str, dict] = {
    KARI: {
        "by": KARI,
        "basis": Basis.SELF,
        "sharing": [
            {
                "service": "Fastlegen",
                "areas": ["health", "daily-living"],
                "valid_from": date(2026, 1, 10),
                "valid_to": date(2027, 12, 31),
                "purpose": "Samarbeid om treningen og medisinene mine.",
            },
            {
                "service": "Fysioterapitjenesten",
                "areas": ["health"],
                "valid_from": date(2026, 1, 10),
                "purpose": "Samarbeid om treningen min.",
                "exclusions": "Ikke noe om ryggoperasjonen i 2019.",
            },
        ],
    },
    OLA: {
        "by": RANDI,
        "basis": Basis.GUARDIAN,
        "sharing": [
            {
                "service": "Heimetenesta",
                "areas": ["health", "daily-living"],
                "valid_from": date(2026, 2, 20),
                "valid_to": date(2027, 3, 1),
                "purpose": "Samarbeid om hjelpa om morgonen og på dagsenteret.",
            },
            {
                "service": "Dagsenteret i Gaupne",
                "areas": ["daily-living"],
                "valid_from": date(2026, 2, 20),
                "purpose": "Samarbeid om hjelpa om morgonen og på dagsenteret.",
            },
        ],
    },
    EMMA: {
        "by": PER,
        "basis": Basis.PARENT,
        "child_view": "agrees",
        "sharing": [
            {
                "service": "Skolen",
                "areas": ["school", "health"],
                "valid_from": date(2026, 8, 1),
                "valid_to": date(2027, 6, 30),
                "purpose": "Tilrettelegging i friminuttene og på svømming.",
            },
            {
                "service": "Fysioterapitjenesten",
                "areas": ["health"],
                "valid_from": date(2026, 8, 1),
                "valid_to": date(2027, 6, 30),
                "purpose": "Tilrettelegging i friminuttene og på svømming.",
            },
        ],
    },
    SARA: {"by": NILS, "basis": Basis.PARENT, "sharing": []},
}


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _terms(data: dict) -> dict:
    return {
        "status": GIVEN,
        "areas": data["areas"],
        "purpose": data["purpose"],
        "exclusions": data.get("exclusions"),
        "valid_from": data["valid_from"].isoformat(),
        "valid_to": data["valid_to"].isoformat() if data.get("valid_to") else None,
    }


def _load_plan_consent(session: Session, plan: Plan, owner: Person, by: Person, data: dict) -> None:
    consent = session.scalar(select(PlanConsent).where(PlanConsent.plan_id == plan.id))
    if consent is not None:  # the plan page's date follows the consent in force
        plan.consented_on = consent.given_on if consent.status == GIVEN else None
        return
    if plan.consented_on is None:
        return
    basis = str(data["basis"])
    session.add(
        PlanConsent(
            plan_id=plan.id,
            status=GIVEN,
            given_on=plan.consented_on,
            changed_by_id=by.id,
            basis=basis,
            changed_at=_moment(plan.consented_on),
        )
    )
    session.add(
        ConsentChange(
            plan_id=plan.id,
            kind="plan",
            action="given",
            author_id=by.id,
            subject_id=owner.id,
            basis=basis,
            before=None,
            occurred_at=_moment(plan.consented_on),
            after={"status": GIVEN, "given_on": plan.consented_on.isoformat()},
            child_view=data.get("child_view"),
        )
    )


def _load_sharing(session: Session, plan: Plan, owner: Person, by: Person, data: dict) -> None:
    if session.scalar(select(exists().where(ConsentChange.plan_id == plan.id, ConsentChange.kind == "sharing"))):
        return  # left as the people in it left it
    basis = str(data["basis"])
    services = {p.service: p for p in plan.participants}
    for item in data["sharing"]:
        participant = services[item["service"]]
        session.add(
            SharingConsent(
                plan_id=plan.id,
                participant_id=participant.id,
                status=GIVEN,
                areas=item["areas"],
                purpose=item["purpose"],
                exclusions=item.get("exclusions"),
                valid_from=item["valid_from"],
                valid_to=item.get("valid_to"),
                changed_at=_moment(item["valid_from"]),
                changed_by_id=by.id,
                basis=basis,
            )
        )
        session.add(
            ConsentChange(
                plan_id=plan.id,
                kind="sharing",
                action="given",
                participant_id=participant.id,
                participant_name=participant.service,
                author_id=by.id,
                subject_id=owner.id,
                basis=basis,
                before=None,
                after=_terms(item),
                occurred_at=_moment(item["valid_from"]),
                child_view=data.get("child_view"),
            )
        )


def upsert_consents(session: Session) -> int:
    people = {p.pid: p for p in session.scalars(select(Person).where(Person.pid.in_([*CONSENTS, RANDI, PER, NILS])))}
    for pid, data in CONSENTS.items():
        owner = people[pid]
        plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id))
        if plan is None:
            continue
        _load_plan_consent(session, plan, owner, people[data["by"]], data)
        _load_sharing(session, plan, owner, people[data["by"]], data)
    return len(CONSENTS)
