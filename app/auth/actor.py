"""The actor of this request, loaded from the session: whom the logged-in person acts for, judged
today by the domain's rules. Before each request, after the person is known."""

from __future__ import annotations

import logging

from flask import g, session

from app import db
from app.auth import current
from app.domain import clock
from app.domain.actor import Actor
from app.models import Representation
from app.services import representations

log = logging.getLogger("minplan.actor")
ACTING_FOR_KEY = "acting_for"


def actor() -> Actor | None:
    return getattr(g, "actor", None)


def load_actor() -> None:
    g.actor = None
    g.acting_for_ended = None
    person = current.person()
    if person is None:
        return
    representation_id = session.get(ACTING_FOR_KEY)
    if not isinstance(representation_id, int):
        g.actor = Actor(person)
        return
    representation = representations.find_held(db.db_session(), person.id, representation_id)
    grant = representations.judge(representation, clock.today()) if representation else None
    if grant is None or not grant.capabilities:
        # The right ended while the person was here: back to themselves, and tell them why.
        session.pop(ACTING_FOR_KEY, None)
        g.acting_for_ended = {
            "name": representation.represented.name if representation else None,
            "reason": grant.denial.value if grant else "unknown",
        }
        log.info(
            "acting for someone ended",
            extra={"event": "representation.ended_mid_session", "reason": g.acting_for_ended["reason"]},
        )
        g.actor = Actor(person)
        return
    g.actor = Actor(person, representation, grant)


def template_values() -> dict:
    return {
        "current_actor": actor(),
        "has_representations": getattr(g, "has_representations", False),
        "acting_for_ended": getattr(g, "acting_for_ended", None),
    }


def act_for(representation: Representation | None) -> None:
    if representation is None:
        session.pop(ACTING_FOR_KEY, None)
    else:
        session[ACTING_FOR_KEY] = representation.id
