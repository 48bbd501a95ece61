"""Logged-in sessions for tests that are about a page, not about logging in.

Tests of the login itself go through ID-porten's stand-in (tests/auth/visitor.py); page checks
only need someone to be logged in, so this writes the session the callback would have written.
"""

from __future__ import annotations

import time

from app import assurance_levels, db
from app.auth import client as idp_client
from app.services.people import find_by_pid
from tests.people import KARI


def log_in_test_client(
    app,
    client,
    pid: str = KARI,
    locale: str | None = None,
    easy_read: bool | None = None,
    acr: str = assurance_levels.HIGH,
    sid: str = "test-sid",
) -> int:
    with app.test_request_context():
        person = find_by_pid(db.db_session(), pid)
        origin = idp_client.login_origin()
    with client.client.session_transaction() as session:
        session.update(
            {
                "person_id": person.id,
                "idp_sid": sid,
                "acr": acr,
                "amr": ["TestID"],
                "auth_time": time.time(),
                "logged_in_at": time.time(),
                "idp_origin": origin,
            }
        )
        if locale:
            session["locale"] = locale
        if easy_read is not None:
            session["easy_read"] = easy_read
    return person.id


def representation_id(app, holder_pid: str, represented_pid: str, basis: str | None = None) -> int:
    """The id of a demo representation, found by who holds it and for whom."""
    from sqlalchemy import select

    from app.models import Representation

    with app.app_context():
        return next(
            r.id
            for r in db.db_session().scalars(select(Representation))
            if r.holder.pid == holder_pid
            and r.represented.pid == represented_pid
            and (basis is None or r.basis == basis)
        )


def choose_subject(client, subject) -> object:
    """Press "Fortsett" on "Hvem vil du handle for?" with `subject` (an id, "self", or anything forged)."""
    token = client.csrf_token("/hvem-handler-du-for")
    return client.post("/hvem-handler-du-for", {"subject": str(subject), "next": "/min-side", "csrf_token": token})


def act_for(app, client, holder_pid: str, represented_pid: str, basis: str | None = None) -> None:
    """Log in as the holder and choose to act for the represented person, as a person would."""
    log_in_test_client(app, client, holder_pid)
    assert choose_subject(client, representation_id(app, holder_pid, represented_pid, basis)).status_code == 303
