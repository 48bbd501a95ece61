"""Staff members and their roles: recorded at each login, granted and revoked by a KE officer of
the municipality (the first one by `flask staff grant`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.staff_access import Role, StaffActor
from app.models import Municipality, StaffMember, StaffRole
from app.models.base import utcnow


def actor_for(session: Session, member_id: int) -> StaffActor | None:
    """The staff member with the roles they hold now, or None if there is no such member."""
    member = session.get(StaffMember, member_id)
    if member is None:
        return None
    rows = session.execute(
        select(StaffRole.municipality_id, StaffRole.role).where(
            StaffRole.staff_member_id == member_id, StaffRole.revoked_at.is_(None)
        )
    )
    return StaffActor(member, frozenset((municipality, Role(role)) for municipality, role in rows))


def record_login(
    session: Session, issuer: str, subject: str, name: str, email: str | None, username: str | None
) -> StaffMember:
    """The staff member the identity provider vouched for, made at their first login, their name and
    address kept as the provider gives them now. Two first logins at once make one member."""
    member = session.scalar(select(StaffMember).where(StaffMember.issuer == issuer, StaffMember.subject == subject))
    now = utcnow()
    if member is None:
        member = StaffMember(
            issuer=issuer,
            subject=subject,
            name=name,
            email=email,
            username=username,
            first_login_at=now,
            last_login_at=now,
        )
        session.add(member)
        try:
            session.commit()
            return member
        except IntegrityError:
            session.rollback()
            member = session.scalar(
                select(StaffMember).where(StaffMember.issuer == issuer, StaffMember.subject == subject)
            )
    member.name, member.email, member.username, member.last_login_at = name, email, username, now
    session.commit()
    return member


def active_roles(session: Session, member_id: int) -> list[StaffRole]:
    """The roles a staff member holds now, by municipality."""
    return list(
        session.scalars(
            select(StaffRole)
            .join(StaffRole.municipality)
            .where(StaffRole.staff_member_id == member_id, StaffRole.revoked_at.is_(None))
            .order_by(Municipality.name, StaffRole.role)
        )
    )


class AlreadyHeld(Exception):
    """The staff member holds this role in this municipality already: nothing was granted."""


def grant_role(
    session: Session, granted_by: StaffActor | None, member_id: int, municipality_id: int, role: Role
) -> StaffRole:
    """Give a staff member a role in a municipality. `granted_by` is a KE officer of that
    municipality, or None for the command line (`flask staff grant`, the first officer).
    Two grants at once make one role (a partial unique index holds it)."""
    if granted_by is not None and not granted_by.handles_cases_in(municipality_id):
        raise PermissionError("only a KE officer of the municipality grants its roles")
    granted = StaffRole(
        staff_member_id=member_id,
        municipality_id=municipality_id,
        role=str(role),
        granted_by_id=granted_by.member.id if granted_by else None,
    )
    session.add(granted)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AlreadyHeld() from None
    return granted
