"""Access by need (tjenstlig behov, the health sector's Normen): what a staff member's roles let
them see and do. Roles are per municipality; nobody sees another municipality's people.

- A coordinator sees the plans they are appointed to, and nothing else.
- A KE officer sees the cases of their municipality and who coordinates whom; they open a
  person's plan only as its coordinator or by stating a reason, which is logged and shown to
  the person; and the plan's conversation while the person has an open case with them.
- A staff member with no role sees only that they have none, and whom to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.domain.capabilities import Capability

if TYPE_CHECKING:
    from app.models import Person, StaffMember


class Role(StrEnum):
    KE_OFFICER = "ke_officer"
    COORDINATOR = "coordinator"


STAFF_BASIS_PREFIX = "staff:"


def staff_basis(role: Role | str) -> str:
    """The audit row's basis for an act in `role` ("staff:coordinator")."""
    return f"{STAFF_BASIS_PREFIX}{role}"


def is_staff_basis(basis: str) -> bool:
    return basis.startswith(STAFF_BASIS_PREFIX)


class PlanAccess(StrEnum):
    """On what ground a staff member may open a person's plan."""

    COORDINATOR = "coordinator"  # appointed to it
    REASON_GIVEN = "reason_given"  # a KE officer of the person's municipality, with a logged reason

    @property
    def role(self) -> Role:
        """The role a plan opened on this ground is opened in, for the person's access log."""
        return Role.COORDINATOR if self == PlanAccess.COORDINATOR else Role.KE_OFFICER


# What each role lets a staff member do, route by route; the object (which case, which plan)
# is checked again by the loaders below.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.KE_OFFICER: frozenset(
        {
            Capability.STAFF,
            Capability.DESK_READ,
            Capability.CASE_HANDLE,
            Capability.STAFF_ROLES_MANAGE,
            Capability.STAFF_PLAN_READ,
            Capability.MESSAGE_WRITE,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Capability.STAFF,
            Capability.CASELOAD_READ,
            Capability.STAFF_PLAN_READ,
            Capability.PLAN_WRITE,
            Capability.MESSAGE_WRITE,
        }
    ),
}


@dataclass(frozen=True)
class StaffActor:
    """A logged-in staff member and the roles they hold today (read again on every request, so a
    revoked role ends at once)."""

    member: StaffMember
    roles: frozenset[tuple[int, Role]]  # (municipality id, role)

    def municipalities(self, role: Role) -> frozenset[int]:
        return frozenset(municipality for municipality, held in self.roles if held == role)

    def can(self, capability: Capability) -> bool:
        if capability == Capability.STAFF:
            return True
        return any(capability in ROLE_CAPABILITIES[role] for _municipality, role in self.roles)

    def handles_cases_in(self, municipality_id: int) -> bool:
        return municipality_id in self.municipalities(Role.KE_OFFICER)

    def plan_access(self, coordinator_id: int | None, municipality_id: int | None) -> PlanAccess | None:
        """How this staff member may open a plan: as its coordinator while they hold the coordinator
        role in the owner's municipality, by giving a reason (a KE officer there), or not at all.
        A coordinator whose role was taken away is its coordinator on paper only."""
        if (
            coordinator_id is not None
            and coordinator_id == self.member.id
            and (municipality_id, Role.COORDINATOR) in self.roles
        ):
            return PlanAccess.COORDINATOR
        if municipality_id is not None and self.handles_cases_in(municipality_id):
            return PlanAccess.REASON_GIVEN
        return None

    def role_in(self, municipality_id: int | None) -> Role | None:
        """A role held in `municipality_id`, KE before coordinator: whether they hold any there. An
        audit row names the role the act was done in (app.services.audit.by_staff's `role`), not this."""
        held = {role for municipality, role in self.roles if municipality == municipality_id}
        for role in (Role.KE_OFFICER, Role.COORDINATOR):
            if role in held:
                return role
        return None


@dataclass(frozen=True)
class StaffForPerson:
    """A staff member at work on one person's plan: the actor the municipality's use cases
    (app/services/planning.py) take, so a coordinator's edit, an API write and the demo import go
    through the same functions. The caller has already checked access (plan_access). The role is
    the one the work is done in: a plan is written by its coordinator; the KE writes in the
    conversation while the person has a case open (a staff member may hold both roles)."""

    staff: StaffActor
    subject: Person
    role: Role = Role.COORDINATOR

    @property
    def basis(self) -> str:
        return staff_basis(self.role)

    @property
    def acting_for_someone(self) -> bool:
        return False

    @property
    def hides_private_items(self) -> bool:
        return False  # the coordinator sees what the plan holds; privacy is from parents
