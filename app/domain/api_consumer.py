"""A municipality's own system calling the FHIR API (app/api/): who it is, by its Maskinporten
token, and whose people it may touch. No Flask here: the API's services take it as their actor."""

from __future__ import annotations

from dataclasses import dataclass

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
