"""Demo consents: Kari's own, Ola's given by his verge Randi, Emma's and Sara's by their fathers,
each given through the consent pages' own use cases (so with its history and its audit row), so
"Hvem kan dele hva om meg" can be tried with `make run`. Consents the people have changed since
are left as they left them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.demo.plans import PLANS
from app.domain import Actor, clock
from app.domain.rules import Basis
from app.models import ConsentChange, Person, Representation
from app.services import consents
from app.services import plan_consent as plan_consents
from app.services.consents import ChildView, Terms
from app.services.plans import plan_for
from app.services.representations import judge

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
    """When a demo consent was given: ten in the morning of its day."""
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _actor(session: Session, by: Person, owner: Person) -> Actor:
    """Who consents: the person, or the parent or verge the demo data registered for them."""
    if by.id == owner.id:
        return Actor(by)
    representation = session.scalar(
        select(Representation).where(
            Representation.holder_id == by.id,
            Representation.represented_id == owner.id,
            Representation.revoked_at.is_(None),
        )
    )
    return Actor(by, representation, judge(representation, clock.today()))


def upsert_consents(session: Session) -> int:
    """The consent to the plan, and the sharing consents, each given through the same use case as
    on the consent pages, only where the plan has none yet: consents the people have changed since
    are left as they left them."""
    people = {p.pid: p for p in session.scalars(select(Person).where(Person.pid.in_([*CONSENTS, RANDI, PER, NILS])))}
    for pid, data in CONSENTS.items():
        owner = people[pid]
        plan = plan_for(session, owner.id)
        if plan is None:
            continue
        actor = _actor(session, people[data["by"]], owner)
        child = ChildView(data.get("child_view"))
        if plan_consents.plan_consent(session, plan) is None:
            day = PLANS[pid]["consented_on"]
            plan_consents.give_plan_consent(session, actor, plan, 0, day, child, given_at=_moment(day))
        if session.scalar(select(exists().where(ConsentChange.plan_id == plan.id, ConsentChange.kind == "sharing"))):
            continue
        services = {p.service: p for p in plan.participants}
        for item in data["sharing"]:
            terms = Terms(
                areas=tuple(item["areas"]),
                purpose=item["purpose"],
                valid_from=item["valid_from"],
                valid_to=item.get("valid_to"),
                exclusions=item.get("exclusions"),
            )
            given_at = _moment(item["valid_from"])
            consents.save_sharing(session, actor, plan, services[item["service"]], terms, 0, child, given_at=given_at)
    return len(CONSENTS)
