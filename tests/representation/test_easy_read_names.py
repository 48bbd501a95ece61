"""Easy-read lays a sentence out one line each (app/reading.sentence_lines). Found by an attack: a
sentence made by `_()` in a template is already escaped, and its parts were escaped again, so a
name typed with an apostrophe or an ampersand read "O&#39;Neil &amp; Co" on the page."""

from __future__ import annotations

import html as html_lib

from app import db
from app.domain import clock, identity_numbers
from app.services import power_of_attorney
from app.services.people import find_by_pid
from tests.auth.sessions import log_in_test_client
from tests.people import ARNE, KARI

TYPED = "Anne-Lise O'Neil & Co"


def test_a_typed_name_reads_as_typed_in_easy_read(app, client):
    with app.app_context():
        s = db.db_session()
        power_of_attorney.grant(
            s, find_by_pid(s, KARI), identity_numbers.parse_allowed(ARNE, True), TYPED, ["read"], None, clock.today()
        )
    log_in_test_client(app, client, KARI, easy_read=True)
    page = client.get("/fullmakter").get_data(as_text=True)
    shown = html_lib.unescape(page)  # the text a reader sees
    assert TYPED in shown
    assert "&#39;" not in shown and "&amp;" not in shown, "the name is escaped twice in easy-read"
