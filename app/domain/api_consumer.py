"""A municipality's own system calling the FHIR API (app/api/): who it is, by its Maskinporten
token, and whose people it may touch. No Flask here: the API's services take it as their actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # named only; the domain never queries
    from app.models import Person

# The audit log's basis for what a municipal system did through the API: the row names the person
# whose data it is as actor and subject (as every system's row does) and the organisation in its details.
API_BASIS = "system:api"


@dataclass(frozen=True)
class MunicipalSystem:
    orgno: str  # the consumer organisation Maskinporten vouches for
    municipality_slug: str | None  # whose people it may touch; None: no municipality served here
    client_id: str
    scopes: frozenset[str]

    @property
    def basis(self) -> str:
        return API_BASIS


@dataclass(frozen=True)
class SystemForPerson:
    """A municipal system writing one person's plan through the API: the actor the municipality's
    use cases (app/services/planning.py) take, beside a coordinator's StaffForPerson. It is no staff
    member and no person: the audit row names the person as actor and subject (as every system's
    row does) with basis `system:api` and the organisation in its details, and the plan's change
    names nobody, so the person is told of it as of a coordinator's. The caller has checked that
    the system's municipality is the person's."""

    system: MunicipalSystem
    subject: Person
    municipality_name: str

    @property
    def person(self) -> Person:
        return self.subject

    @property
    def basis(self) -> str:
        return API_BASIS

    @property
    def audit_details(self) -> dict:
        return {"orgno": self.system.orgno, "municipality": self.municipality_name, "client_id": self.system.client_id}

    @property
    def acting_for_someone(self) -> bool:
        return False

    @property
    def hides_private_items(self) -> bool:
        return False  # the coordinator's side: the child keeps her private goals from her parents only
