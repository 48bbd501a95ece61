"""The actor of a request: the logged-in person and, when they act for someone, who and on
what basis. Judged again on every request (DOMAIN.md §4): a 16th birthday, an end date or a
revocation takes effect at once, not at the next login."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import g, session

from app import db, representation_rules as rules
from app.auth import current
from app.capabilities import Capability
from app.models import Person, Representation
from app.services import representations

log = logging.getLogger("minplan.actor")
ACTING_FOR_KEY = "acting_for"
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

    def can(self, capability: Capability) -> bool:
        if self.grant is not None:
            return self.grant.allows(capability)
        return capability in rules.own_capabilities(
            rules.Person(self.person.birth_date), representations.today())


def actor() -> Actor | None:
    return getattr(g, "actor", None)


def load_actor() -> None:
    """Before each request, after the person is known."""
    g.actor = None
    g.acting_for_ended = None
    g.has_representations = False
    person = current.person()
    if person is None:
        return
    g.has_representations = bool(representations.held_by(db.db_session(), person.id))
    representation_id = session.get(ACTING_FOR_KEY)
    if not isinstance(representation_id, int):
        g.actor = Actor(person)
        return
    representation = representations.find_held(db.db_session(), person.id, representation_id)
    grant = representations.judge(representation, representations.today()) if representation else None
    if grant is None or not grant.capabilities:
        # The right ended while the person was here: back to themselves, and tell them why.
        session.pop(ACTING_FOR_KEY, None)
        g.acting_for_ended = {"name": representation.represented.name if representation else None,
                              "reason": grant.denial.value if grant else "unknown"}
        log.info("acting for someone ended", extra={"event": "representation.ended_mid_session",
                                                     "reason": g.acting_for_ended["reason"]})
        g.actor = Actor(person)
        return
    g.actor = Actor(person, representation, grant)


def template_values() -> dict:
    return {"current_actor": actor(), "has_representations": getattr(g, "has_representations", False),
            "acting_for_ended": getattr(g, "acting_for_ended", None)}


def act_for(representation: Representation | None) -> None:
    if representation is None:
        session.pop(ACTING_FOR_KEY, None)
    else:
        session[ACTING_FOR_KEY] = representation.id
