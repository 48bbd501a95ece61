"""Synthetic staff for the municipality's side, known to the staff identity provider's stand-in
(devidp, staff realm) and given their roles by the demo data. No real person, no real address:
the e-mail domain is the reserved `.test`."""

from __future__ import annotations

import hashlib
from base64 import urlsafe_b64encode
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.actor import DEMO_IMPORT, SystemActor
from app.domain.staff_access import Role, StaffForPerson
from app.models import Municipality, Person, Plan, StaffMember, StaffRole
from app.services import staff as staff_service


@dataclass(frozen=True)
class DemoStaff:
    username: str  # what the staff provider calls them (preferred_username); its `sub` derives from it
    name: str
    email: str
    municipality: str | None  # slug of the municipality whose roles they get from the demo data
    role: str | None  # "ke_officer" or "coordinator"; None: logged in once, no role yet
    title: str  # how the stand-in's login page describes them


STAFF: tuple[DemoStaff, ...] = (
    DemoStaff(
        "hilde.brekke",
        "Hilde Brekke",
        "hilde.brekke@askoy.kommune.test",
        "askoy",
        "ke_officer",
        "Koordinerende enhet, Askøy",
    ),
    DemoStaff(
        "line.haugland",
        "Line Haugland",
        "line.haugland@askoy.kommune.test",
        "askoy",
        "coordinator",
        "Koordinator, Askøy (Kari Nordmann)",
    ),
    DemoStaff(
        "mona.fjeld", "Mona Fjeld", "mona.fjeld@askoy.kommune.test", "askoy", "coordinator", "Koordinator, Askøy"
    ),
    DemoStaff(
        "ingrid.myklebust",
        "Ingrid Myklebust",
        "ingrid.myklebust@luster.kommune.test",
        "luster",
        "coordinator",
        "Koordinator, Luster (Ola Berg)",
    ),
    DemoStaff("eirik.dahl", "Eirik Dahl", "eirik.dahl@askoy.kommune.test", None, None, "Ansatt uten rolle ennå"),
)


# Whose plan each demo coordinator is appointed to (by the person's identity number).
COORDINATES = {"line.haugland": "12838502510", "ingrid.myklebust": "03899807153"}


def demo_subject(username: str) -> str:
    """The `sub` the stand-in's staff realm gives a staff member: stable across clients (as
    Entra's `oid`), opaque."""
    return urlsafe_b64encode(hashlib.sha256(f"minplan-staff-dev:{username}".encode()).digest()).decode().rstrip("=")


def demo_issuer() -> str:
    """The issuer of the staff provider this app is configured with: the stand-in's, whose
    discovery document sits at the issuer's well-known path."""
    return current_app.config["STAFF_OIDC_DISCOVERY_URL"].removesuffix("/.well-known/openid-configuration")


def upsert_staff(session: Session) -> int:
    """The demo staff as if each had logged in once, their roles (as `flask staff grant` gives
    the first), and the plans they coordinate."""
    issuer = demo_issuer()
    municipalities = {m.slug: m for m in session.scalars(select(Municipality))}
    existing = {m.subject: m for m in session.scalars(select(StaffMember).where(StaffMember.issuer == issuer))}
    for demo in STAFF:
        subject = demo_subject(demo.username)
        member = existing.get(subject) or StaffMember(issuer=issuer, subject=subject)
        member.name, member.email, member.username = demo.name, demo.email, demo.username
        session.add(member)
        session.flush()
        if demo.role is None:
            continue
        municipality = municipalities[demo.municipality]
        held = session.scalar(
            select(StaffRole.id).where(
                StaffRole.staff_member_id == member.id,
                StaffRole.municipality_id == municipality.id,
                StaffRole.role == demo.role,
                StaffRole.revoked_at.is_(None),
            )
        )
        if held is None:
            session.add(
                StaffRole(staff_member_id=member.id, municipality_id=municipality.id, role=str(Role(demo.role)))
            )
        if demo.username in COORDINATES:
            owner = session.scalar(select(Person).where(Person.pid == COORDINATES[demo.username]))
            plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id)) if owner else None
            if plan is not None:
                plan.coordinator_id = member.id
    return len(STAFF)


def appoint_coordinator(session: Session, plan: Plan) -> None:
    """The demo coordinator appointed to the plan, if there is one for its owner."""
    usernames = {pid: username for username, pid in COORDINATES.items()}
    username = usernames.get(plan.owner.pid)
    if username is None or plan.coordinator_id is not None:
        return
    plan.coordinator_id = session.scalar(
        select(StaffMember.id).where(StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject(username))
    )


def writer_for(session: Session, plan: Plan):
    """Who writes the plan's content: its coordinator, where the demo has one appointed (as on the
    staff side's own pages); else the municipality's records, imported."""
    owner = session.get(Person, plan.owner_id)
    staff = staff_service.actor_for(session, plan.coordinator_id) if plan.coordinator_id else None
    return StaffForPerson(staff, owner) if staff is not None else SystemActor(DEMO_IMPORT, owner)
