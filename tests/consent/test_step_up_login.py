"""A step-up login through ID-porten's stand-in, over real HTTP: the same person comes back to
the form they were filling in, still acting for the same person; anyone else gets none of it."""

from __future__ import annotations

import time

from sqlalchemy import select

from app import db
from app.models import BrowserSession, Person
from tests.auth.sessions import representation_id
from tests.auth.visitor import Visitor
from tests.consent.helpers import participant_id
from tests.people import KARI, OLA, RANDI


def _age_login(app, pid: str) -> None:
    with app.app_context(), db.new_session() as s:
        person = s.scalar(select(Person).where(Person.pid == pid))
        for row in s.scalars(select(BrowserSession).where(BrowserSession.person_id == person.id)):
            row.data = {**row.data, "auth_time": time.time() - 3600}
        s.commit()


def _randi_acting_for_ola_sends_a_widening_form(app, live_server, idp) -> tuple[Visitor, int, str]:
    visitor = Visitor(live_server, idp.issuer)
    visitor.log_in(RANDI, next_url="/hvem-handler-du-for")
    token = visitor.csrf_token("/hvem-handler-du-for")
    chosen = visitor.post(
        "/hvem-handler-du-for",
        {"subject": str(representation_id(app, RANDI, OLA)), "next": "/min-side", "csrf_token": token},
    )
    assert chosen.status_code == 303
    heimetenesta = participant_id(app, OLA, "Heimetenesta")
    _age_login(app, RANDI)
    form = {
        "csrf_token": visitor.csrf_token("/samtykke"),
        "areas": ["health", "daily-living", "housing"],
        "purpose": "Samarbeid om bustaden òg.",
        "valid_from": "20.02.2026",
        "valid_to": "01.03.2027",
        "exclusions": "",
        "version": "1",
        "next": f"/samtykke/{heimetenesta}/endre",
    }
    response = visitor.post(f"/samtykke/{heimetenesta}/endre", form)
    assert response.status_code == 303 and "fresh=1" in response.headers["Location"]
    return visitor, heimetenesta, response.headers["Location"]


def test_randi_logs_in_again_and_is_back_at_olas_form_as_she_left_it(app, live_server, idp):
    visitor, heimetenesta, to_login = _randi_acting_for_ola_sends_a_widening_form(app, live_server, idp)
    page = visitor.get(to_login)
    page = visitor.get(page.headers["Location"])  # to the stand-in, which asks again
    landed = visitor.follow(visitor.choose(page, person=RANDI))
    assert landed.url.endswith(f"/samtykke/{heimetenesta}/endre")
    assert "Du handler nå på vegne av Ola Berg" in landed.text
    assert (
        "Samarbeid om bustaden òg." in landed.text and 'value="housing" id="field-areas-housing" checked' in landed.text
    )


def test_someone_else_logging_in_gets_neither_the_form_nor_the_person_acted_for(app, live_server, idp):
    visitor, heimetenesta, to_login = _randi_acting_for_ola_sends_a_widening_form(app, live_server, idp)
    page = visitor.get(to_login)
    page = visitor.get(page.headers["Location"])
    landed = visitor.follow(visitor.choose(page, person=KARI))
    assert "Ola Berg" not in landed.text
    assert visitor.get(f"/samtykke/{heimetenesta}/endre").status_code == 404  # not in Kari's plan
    nav = participant_id(app, KARI, "NAV Askøy")
    assert "bustaden" not in visitor.get(f"/samtykke/{nav}/gi").text
