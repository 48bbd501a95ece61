"""A staff member's name comes from the staff provider's `name` claim. Found by an attack: it was
stored and shown as given, while the one name a person types (a fullmakt holder's) is refused with
invisible characters. A coordinator named "Line Haugland" + U+200B read exactly like the real one
in the person's access log and messages, and an override (U+202E) turned the rest of the
access-log sentence around. The name is now cleaned at login, and a name an access-log row kept
from before is shown cleaned."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.demo.staff import demo_issuer, demo_subject
from app.models import AuditEvent, StaffMember
from app.schemas.fields import is_hidden
from app.staff import login as staff_login
from tests.auth.sessions import log_in_test_client
from tests.messages.helpers import plan_id, post
from tests.people import KARI
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff

SPOOFED_NAMES = {
    "zero_width": "Line\u200b Haugland",  # looks like the real coordinator, is another string
    "override": "Line Haugland \u202eiks\u202c",  # reverses what follows it on the line
    "isolate_left_open": "Line Haugland \u2067",  # an isolate never closed: the rest of the sentence flips
}


def _hidden_in(html: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in html if is_hidden(c) and c not in "\t\n\r"})


def _staff_login_with_name(app, monkeypatch, name: str) -> None:
    """The staff callback, as the provider would answer it with this `name` claim."""
    with app.app_context():
        member = db.db_session().scalar(
            select(StaffMember).where(StaffMember.subject == demo_subject(ASKOY_COORDINATOR))
        )
        claims = {
            "iss": demo_issuer(),
            "sub": demo_subject(ASKOY_COORDINATOR),
            "name": name,
            "email": member.email,
            "preferred_username": member.username,
            "sid": "spoof-sid",
            "acr": "urn:minplan:staff:mfa",
            "amr": ["pwd", "mfa"],
        }
    monkeypatch.setattr(staff_login.flow, "checked_callback", lambda params, idp: {"next": "/ansatt/"})
    monkeypatch.setattr(staff_login.flow, "redeem", lambda code, attempt, idp, validate: claims)
    with app.test_request_context("/ansatt/innlogging/tilbake"):
        staff_login.finish_login({"code": "x", "state": "y"})


@pytest.mark.parametrize("kind", sorted(SPOOFED_NAMES))
def test_a_staff_name_from_the_provider_cannot_spoof_the_access_log_or_messages(app, client, monkeypatch, kind):
    _staff_login_with_name(app, monkeypatch, SPOOFED_NAMES[kind])
    log_in_staff(app, client, ASKOY_COORDINATOR)
    staff_page = f"/ansatt/planer/{plan_id(app, KARI)}"
    assert client.get(staff_page).status_code == 200  # in Kari's access log: the coordinator opened her plan
    assert post(client, staff_page + "/meldinger", text="Hei Kari, vi ses på tirsdag.").status_code == 303

    log_in_test_client(app, client, KARI)
    spoofed = {}
    for page in ("/tilgangslogg", "/meldinger", "/min-side/dataene-dine/utskrift"):
        if found := _hidden_in(client.get(page).get_data(as_text=True)):
            spoofed[page] = found
    assert not spoofed, f"pages show the staff name with invisible/bidi characters: {spoofed}"


def test_the_pages_show_no_hidden_characters_without_the_spoofed_name(app, client):
    """Control: the same pages hold no such characters of their own."""
    log_in_test_client(app, client, KARI)
    for page in ("/tilgangslogg", "/meldinger", "/min-side/dataene-dine/utskrift"):
        assert not _hidden_in(client.get(page).get_data(as_text=True)), page


def test_a_name_an_access_log_row_kept_from_before_is_shown_without_what_disguises_it(app, client):
    with app.app_context():
        s = db.db_session()
        row = s.scalar(select(AuditEvent).where(AuditEvent.staff_member_id.is_not(None)).order_by(AuditEvent.id))
        if row is None:  # the demo's first staff read of Kari's plan
            log_in_staff(app, client, ASKOY_COORDINATOR)
            assert client.get(f"/ansatt/planer/{plan_id(app, KARI)}").status_code == 200
            row = s.scalar(select(AuditEvent).where(AuditEvent.staff_member_id.is_not(None)).order_by(AuditEvent.id))
        # As a row written before the login cleaned names would hold it (rows are never changed).
        s.execute(
            AuditEvent.__table__.insert().values(
                actor_id=row.actor_id,
                subject_id=row.subject_id,
                basis=row.basis,
                action=row.action,
                object_type=row.object_type,
                object_id=row.object_id,
                details={**row.details, "staff_name": SPOOFED_NAMES["override"]},
                staff_member_id=row.staff_member_id,
                occurred_at=row.occurred_at,
            )
        )
        s.commit()
    log_in_test_client(app, client, KARI)
    page = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Line Haugland iks" in page and not _hidden_in(page)
