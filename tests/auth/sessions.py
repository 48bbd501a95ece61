"""Logged-in sessions for tests that are about a page, not about logging in.

Tests of the login itself go through ID-porten's stand-in (tests/auth/visitor.py); page checks
only need someone to be logged in, so this writes the session the callback would have written.
"""
from __future__ import annotations

import time

from app import assurance_levels, db
from app.auth import client as idp_client
from app.services.people import find_by_pid

KARI = "12838502510"


def log_in_test_client(app, client, pid: str = KARI, locale: str | None = None, easy_read: bool | None = None,
                       acr: str = assurance_levels.HIGH, sid: str = "test-sid") -> int:
    with app.test_request_context():
        person = find_by_pid(db.db_session(), pid)
        origin = idp_client.login_origin()
    with client.client.session_transaction() as session:
        session.update({"person_id": person.id, "idp_sid": sid, "acr": acr, "amr": ["TestID"],
                        "auth_time": time.time(), "logged_in_at": time.time(), "id_token": "not-a-real-token",
                        "idp_origin": origin})
        if locale:
            session["locale"] = locale
        if easy_read is not None:
            session["easy_read"] = easy_read
    return person.id
