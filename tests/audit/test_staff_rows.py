"""A staff member's rows in the person's access log read in plain words, in every language and in
easy-read: who (name, role, municipality, as they were then), what and when, and the reason an
officer gave for opening the plan; never as if the person had done it themselves."""

from __future__ import annotations

import re

import pytest
from babel.dates import get_month_names
from bs4 import BeautifulSoup
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app import db
from app.domain.staff_access import Role
from app.models import Person
from app.readability import EASY_READ_MAX, lix
from app.services import audit
from app.services import staff as staff_service
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, OLA, RANDI
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, LUSTER_COORDINATOR, staff_member_id

REASON = "Kari har klaget, og jeg må se tiltakene."
# (action, who did it, what the sentence says after the staff member, in Bokmål)
ROWS = [
    ("plan.read", ASKOY_COORDINATOR, "%(who)s åpnet planen din %(date)s kl. %(time)s."),
    ("plan.read_with_reason", ASKOY_OFFICER, "%(who)s åpnet planen din %(date)s kl. %(time)s."),
    ("case.read", ASKOY_OFFICER, "%(who)s så på saken din %(date)s kl. %(time)s."),
    ("case.taken", ASKOY_OFFICER, "%(who)s behandlet saken din %(date)s kl. %(time)s."),
    ("case.interim_answer", ASKOY_OFFICER, "%(who)s sendte foreløpig svar i saken din %(date)s kl. %(time)s."),
    ("case.coordinator_appointed", ASKOY_OFFICER, "%(who)s valgte koordinator for deg %(date)s kl. %(time)s."),
    ("case.decided", ASKOY_OFFICER, "%(who)s fattet vedtak i saken din %(date)s kl. %(time)s."),
    ("case.closed", ASKOY_OFFICER, "%(who)s avsluttet saken din %(date)s kl. %(time)s."),
    ("case.decided", ASKOY_OFFICER, "%(who)s sendte klagen din videre til Statsforvalteren %(date)s kl. %(time)s."),
]
WHO = {
    ASKOY_COORDINATOR: ("Koordinator %(name)s i %(municipality)s kommune", "Line Haugland"),
    ASKOY_OFFICER: ("Saksbehandler %(name)s i koordinerende enhet, %(municipality)s kommune,", "Hilde Brekke"),
}
ROLE_LINE = {
    ASKOY_COORDINATOR: "%(name)s er koordinator i %(municipality)s.",
    ASKOY_OFFICER: "%(name)s jobber i koordinerende enhet i %(municipality)s.",
}
_TIME = re.compile(r"\d")


@pytest.fixture
def staff_rows(app):
    """One row of each staff action in Kari's log, oldest first (the log shows them newest first)."""
    with app.app_context():
        s = db.db_session()
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        for action, username, _sentence in ROWS:
            staff = staff_service.actor_for(s, staff_member_id(app, username))
            details = {"reason": REASON} if action == "plan.read_with_reason" else None
            if "klagen" in _sentence:  # a complaint the municipality did not change its mind on
                details = {"decision": "forwarded"}
            role = Role.COORDINATOR if username == ASKOY_COORDINATOR else Role.KE_OFFICER
            audit.by_staff(s, staff, kari.id, kari.municipality, action, action.split(".")[0], 1, details, role=role)
        s.commit()


def _staff_entries(client, count: int = len(ROWS)):
    """The newest `count` entries of the log, oldest first."""
    html = client.get("/tilgangslogg").get_data(as_text=True)
    entries = BeautifulSoup(html, "html.parser").select("li.access-log__event")[:count]
    return list(reversed(entries))


def _without_time(text: str) -> str:
    """The sentence up to the date: the date and time are the clock's, the words are ours."""
    return " ".join(text.split()).split(" %(date)s")[0] if "%(date)s" in text else text


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
def test_each_staff_action_names_the_staff_member_their_role_and_municipality(app, client, staff_rows, locale):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=False)
    entries = _staff_entries(client)
    with app.test_request_context(), force_locale(locale):
        for (action, username, sentence), entry in zip(ROWS, entries, strict=True):
            text = " ".join(entry.get_text(" ").split())
            who_msgid, name = WHO[username]
            who = _(who_msgid, name=name, municipality="Askøy")
            expected = _without_time(_(sentence, who=who, date="%(date)s", time="%(time)s"))
            assert text.startswith(expected), (action, text)
            assert not text.startswith(("Du ", "You ", "Kari")), text
            if action == "plan.read_with_reason":
                assert text.endswith(_("Begrunnelse: %(reason)s", reason=REASON)), text
    if locale == "nb":
        first = " ".join(entries[0].get_text(" ").split())
        assert first.startswith("Koordinator Line Haugland i Askøy kommune åpnet planen din ")
        reasoned = " ".join(entries[1].get_text(" ").split())
        assert reasoned.startswith("Saksbehandler Hilde Brekke i koordinerende enhet, Askøy kommune, åpnet planen din ")
        assert reasoned.endswith(f"Begrunnelse: {REASON}")


@pytest.mark.parametrize("locale", ["nb", "nn", "en"])
def test_easy_read_says_it_in_short_lines(app, client, staff_rows, locale):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=True)
    entries = _staff_entries(client)
    set_aside = ["Line Haugland", "Hilde Brekke", REASON, *get_month_names("wide", locale=locale).values()]
    set_aside_pattern = re.compile("|".join(re.escape(text) for text in set_aside))
    with app.test_request_context(), force_locale(locale):
        for (action, username, sentence), entry in zip(ROWS, entries, strict=True):
            lines = [" ".join(span.get_text(" ").split()) for span in entry.select("span.sentence")]
            name = WHO[username][1]
            assert lines[0].startswith(_without_time(_(sentence, who=name, date="%(date)s", time="%(time)s")))
            assert lines[1] == _(ROLE_LINE[username], name=name, municipality="Askøy"), lines
            if action == "plan.read_with_reason":
                assert lines[2] == _("%(name)s sa hvorfor: %(reason)s", name=name, reason=REASON)
            assert len(lines) == (3 if action == "plan.read_with_reason" else 2)
            ours = set_aside_pattern.sub(" ", " ".join(lines))
            assert lix(ours) <= EASY_READ_MAX, (action, lix(ours), lines)


def test_someone_acting_for_the_person_reads_whose_plan_was_opened(app, client):
    """Randi, Ola's verge, reads "planen til Ola Berg", not "planen din"."""
    with app.app_context():
        s = db.db_session()
        ola = s.scalar(select(Person).where(Person.pid == OLA))
        staff = staff_service.actor_for(s, staff_member_id(app, LUSTER_COORDINATOR))
        audit.by_staff(s, staff, ola.id, ola.municipality, "plan.read", "plan", 1, role=Role.COORDINATOR)
        s.commit()
    act_for(app, client, RANDI, OLA)
    # The newest staff row (choosing to act for Ola comes after it; the demo's rows by Ingrid before).
    entries = [" ".join(entry.get_text(" ").split()) for entry in _staff_entries(client, 3)]
    text = [entry for entry in entries if "Ingrid Myklebust" in entry][-1]
    assert text.startswith("Koordinator Ingrid Myklebust i Luster kommune åpnet planen til Ola Berg "), text
