"""Logged-in staff sessions for tests that are about a staff page, not about logging in (the
login itself goes through the staff provider's stand-in: tests/staff/test_staff_login.py)."""

from __future__ import annotations

import time

from sqlalchemy import select

from app import db
from app.demo.staff import STAFF, demo_issuer, demo_subject
from app.models import StaffMember
from app.sessions import STAFF_PREFIX
from app.staff.current import SESSION_KEY
from app.staff.idp import STAFF_IDP

# The demo staff by what they are for, in tests (app/demo/staff.py).
ASKOY_OFFICER = "hilde.brekke"
ASKOY_COORDINATOR = "line.haugland"  # Kari Nordmann's coordinator
ASKOY_OTHER_COORDINATOR = "mona.fjeld"
LUSTER_COORDINATOR = "ingrid.myklebust"  # Ola Berg's coordinator
NO_ROLE = "eirik.dahl"
assert {ASKOY_OFFICER, ASKOY_COORDINATOR, ASKOY_OTHER_COORDINATOR, LUSTER_COORDINATOR, NO_ROLE} == {
    s.username for s in STAFF
}


def staff_member_id(app, username: str) -> int:
    with app.app_context():
        return db.db_session().scalar(
            select(StaffMember.id).where(
                StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject(username)
            )
        )


def log_in_staff(app, client, username: str, locale: str | None = None, sid: str = "staff-test-sid") -> int:
    """Write the session the staff login's callback would have written, on the staff side."""
    member_id = staff_member_id(app, username)
    with app.test_request_context():
        origin = STAFF_IDP.login_origin()
    with client.client.session_transaction(STAFF_PREFIX + "/") as session:
        session.update(
            {
                SESSION_KEY: member_id,
                "idp_sid": sid,
                "acr": "urn:minplan:staff:mfa",
                "amr": ["pwd", "mfa"],
                "auth_time": time.time(),
                "logged_in_at": time.time(),
                "idp_origin": origin,
            }
        )
        if locale:
            session["locale"] = locale
    return member_id
