"""Staff members and their roles: recorded at each login, granted and revoked by a KE officer of
the municipality (the first one by `flask staff grant`)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.domain.staff_access import Role, StaffActor
from app.models import Municipality, StaffMember, StaffRole
from app.models.base import utcnow
from app.services.transaction import use_case


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


def find_by_email(session: Session, email: str) -> list[StaffMember]:
    """The staff members who have logged in with this address (case does not matter in an
    address); usually one. An address is never an identity (see StaffMember): a caller that
    finds several must not pick one."""
    return list(
        session.scalars(
            select(StaffMember).where(func.lower(StaffMember.email) == email.strip().lower()).order_by(StaffMember.id)
        )
    )


def roles_in(session: Session, municipality_id: int) -> list[StaffRole]:
    """Who holds which role in a municipality now, by name, with who granted it."""
    return list(
        session.scalars(
            select(StaffRole)
            .join(StaffRole.member)
            .options(joinedload(StaffRole.member), joinedload(StaffRole.granted_by))
            .where(StaffRole.municipality_id == municipality_id, StaffRole.revoked_at.is_(None))
            .order_by(StaffMember.name, StaffMember.id, StaffRole.role)
        )
    )


def role_to_manage(session: Session, manager: StaffActor, role_id: int) -> StaffRole | None:
    """A role (held now or revoked already) in a municipality where `manager` is KE officer; None
    for another municipality's or no such role: the view answers 404."""
    role = session.get(StaffRole, role_id)
    if role is None or not manager.handles_cases_in(role.municipality_id):
        return None
    return role


class LastOwnOfficerRole(Exception):
    """A KE officer revoking their own role as the municipality's last officer: someone must be
    left to grant roles, so another officer revokes it."""


class NotHeld(Exception):
    """The role was revoked already (by someone else, a moment ago): nothing was changed."""


@use_case
def revoke_role(session: Session, revoked_by: StaffActor | None, role_id: int) -> StaffRole:
    """End a role. `revoked_by` is a KE officer of its municipality, or None for the command line.
    The update is conditional on the role still being held, so two officers revoking it at once
    revoke it once (the second gets NotHeld)."""
    role = session.get(StaffRole, role_id)
    if role is None or role.revoked_at is not None:
        raise NotHeld()
    if revoked_by is not None:
        if not revoked_by.handles_cases_in(role.municipality_id):
            raise PermissionError("only a KE officer of the municipality revokes its roles")
        if role.staff_member_id == revoked_by.member.id and role.role == Role.KE_OFFICER:
            others = session.scalar(
                select(func.count(StaffRole.id)).where(
                    StaffRole.municipality_id == role.municipality_id,
                    StaffRole.role == str(Role.KE_OFFICER),
                    StaffRole.revoked_at.is_(None),
                    StaffRole.staff_member_id != revoked_by.member.id,
                )
            )
            if not others:
                raise LastOwnOfficerRole()
    done = session.execute(
        update(StaffRole)
        .where(StaffRole.id == role_id, StaffRole.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=revoked_by.member.id if revoked_by else None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise NotHeld()
    session.commit()
    session.refresh(role)
    return role
