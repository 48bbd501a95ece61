"""Who is logged in on this request, and putting a login into (or out of) the session.

The session row mirrors the login in columns (app/sessions.py), so logout can find it by
ID-porten's `sid` from any process.
"""

from __future__ import annotations

import time

from flask import g, request, session

from app import assurance_levels, db
from app.auth import kept_form
from app.models import Person
from app.services.people import logged_in_person

# Choices made before logging in or out that the person keeps.
KEPT_ACROSS_LOGIN = ("locale", "easy_read")
# A step-up login (the same person proving who they are again) must not lose what they were
# doing: whom they act for, and a form kept while they logged in. Another person gets none of it.
KEPT_FOR_SAME_PERSON = ("acting_for", "pending_consent", "pending_power_of_attorney")


def person() -> Person | None:
    return getattr(g, "person", None)


def is_logged_in() -> bool:
    return person() is not None


def load_person() -> None:
    """Before each request: the logged-in person, their saved choices, and where logout goes."""
    g.person = None
    g.has_representations = False
    if request.endpoint == "static":
        return
    person_id = session.get("person_id")
    if not isinstance(person_id, int):
        return
    found, g.has_representations = logged_in_person(db.db_session(), person_id)
    if found is None:  # the person was removed: the session means nothing any more
        session.end()
        return
    g.person = found
    g.profile_locale = found.locale
    g.profile_easy_read = found.easy_read
    if session.get("idp_origin"):
        # A form sent with a login too old for it (step-up) is redirected on to ID-porten, and the
        # browser checks CSP form-action against every redirect that follows a form.
        g.form_action_origins = [session["idp_origin"]]


def _kept() -> dict:
    return {key: session[key] for key in KEPT_ACROSS_LOGIN if key in session}


def log_in(person: Person, claims: dict, idp_origin: str) -> None:
    """Start a fresh session for `person`: a new token, nothing kept from before but choices,
    and, when the same person logs in again (step-up), what they were in the middle of."""
    kept = _kept()
    g.logged_in_again = session.get("person_id") == person.id
    if g.logged_in_again:
        kept.update({key: session[key] for key in KEPT_FOR_SAME_PERSON if key in session})
    if (form := kept_form.kept_for_login(person.id)) is not None:  # a form sent after the session ended
        kept[kept_form.SESSION_KEY] = form
    session.clear()
    session.update(kept)
    session.rotate()
    session.update(
        {
            "person_id": person.id,
            "idp_sid": claims.get("sid") if isinstance(claims.get("sid"), str) else None,
            "acr": claims["acr"],
            "amr": [m for m in claims.get("amr") or [] if isinstance(m, str)][:5],
            "auth_time": claims.get("auth_time") if isinstance(claims.get("auth_time"), (int, float)) else time.time(),
            "logged_in_at": time.time(),
            "idp_origin": idp_origin,
        }
    )
    g.person = person


def log_out() -> bool:
    """End the session, whatever is left of it; whether someone was logged in. Choices survive."""
    was_logged_in = is_logged_in()
    kept = _kept()
    session.end()
    session.update(kept)
    g.person = None
    return was_logged_in


def login_is_fresh(acr: str, max_age: int | None) -> bool:
    """Whether this login is strong and recent enough for a sensitive action (step-up)."""
    if not is_logged_in() or not assurance_levels.satisfies(session.get("acr"), acr):
        return False
    if max_age is None:
        return True
    auth_time = session.get("auth_time")
    return isinstance(auth_time, (int, float)) and time.time() - auth_time <= max_age
