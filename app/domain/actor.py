"""The actor of a request: the logged-in person and, when they act for someone, who and on what
basis. Judged again on every request: a 16th birthday, an end date or a revocation takes effect
at once, not at the next login. Loading it from a request is the auth package's job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain import clock, rules
from app.domain.capabilities import Capability

if TYPE_CHECKING:  # the models are only named here; the domain never queries
    from app.models import Person, Representation

SELF = "self"
# The one system that acts on people's data today: `flask --app app demo-data load`.
DEMO_IMPORT = "demo-import"


@dataclass(frozen=True)
class Actor:
    person: Person
    representation: Representation | None = None
    grant: rules.Grant | None = None

    @property
    def subject(self) -> Person:
        """Whose data this request is about."""
        return self.representation.represented if self.representation else self.person

    @property
    def basis(self) -> str:
        return self.representation.basis if self.representation else SELF

    @property
    def acting_for_someone(self) -> bool:
        return self.representation is not None

    @property
    def hides_private_items(self) -> bool:
        """A parent of a 12–15-year-old: what the child keeps private, and all that reveals it, stays hidden."""
        return self.grant is not None and self.grant.hides_private_items

    @property
    def hears_child(self) -> bool:
        """A parent acting for a child of 7–15 records the child's view with a consent."""
        return self.acting_for_someone and rules.hears_child(self.basis, self.subject.birth_date, clock.today())

    def can(self, capability: Capability) -> bool:
        if self.grant is not None:
            return self.grant.allows(capability)
        return capability in rules.own_capabilities(rules.Person(self.person.birth_date), clock.today())


@dataclass(frozen=True)
class SystemActor:
    """The municipality's own system writing into a person's plan with nobody at the keyboard:
    today only the demo import (`DEMO_IMPORT`); an import from the municipality's records later.

    It is never a request's actor: no route judges it, and it has no capabilities to ask about;
    only the municipality's use cases (app/services/planning.py) and the registration of rights
    take it. The audit log needs a person on every row, so a system's row names the person whose
    data it is as both actor and subject, and says which system did it in the basis
    (`system:demo-import`): never a person's own act, never someone acting for them."""

    system: str
    subject: Person

    @property
    def person(self) -> Person:
        return self.subject

    @property
    def basis(self) -> str:
        return f"{SYSTEM_BASIS_PREFIX}{self.system}"

    @property
    def acting_for_someone(self) -> bool:
        return False

    @property
    def hides_private_items(self) -> bool:
        return False


SYSTEM_BASIS_PREFIX = "system:"


def is_system_basis(basis: str) -> bool:
    """True for an audit row a system wrote, not a person."""
    return basis.startswith(SYSTEM_BASIS_PREFIX)
