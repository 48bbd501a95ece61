"""Synthetic staff for the municipality's side, known to the staff identity provider's stand-in
(devidp, staff realm) and given their roles by the demo data. No real person, no real address:
the e-mail domain is the reserved `.test`."""

from __future__ import annotations

from dataclasses import dataclass


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
