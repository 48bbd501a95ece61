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
