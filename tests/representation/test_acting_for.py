"""Acting on behalf of someone, as the law allows and no further."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import db
from app.models import AuditEvent, Representation
from app.models.base import AppendOnly, utcnow
from tests.auth.sessions import choose_subject as _choose
from tests.auth.sessions import log_in_test_client, representation_id
from tests.people import EMMA, JONAS, KARI, NILS, OLA, PER, RANDI


def _relation(app, holder: str, represented: str) -> int:
    return representation_id(app, holder, represented)


def test_per_is_asked_whom_to_act_for_and_acts_for_emma(app, client):
    log_in_test_client(app, client, PER)
    page = client.get("/hvem-handler-du-for").get_data(as_text=True)
    assert "Emma Hansen" in page and "forelder" in page
    response = _choose(client, _relation(app, PER, EMMA))
    assert response.status_code == 303 and response.headers["Location"] == "/min-side"
    my_page = client.get("/min-side").get_data(as_text=True)
    assert "Du handler nå på vegne av Emma Hansen" in my_page
    assert "Se planen til Emma Hansen" in my_page


def test_per_cannot_act_for_jonas_who_has_turned_16(app, client):
    log_in_test_client(app, client, PER)
    page = client.get("/hvem-handler-du-for").get_data(as_text=True)
    ended = page.split("Du kan ikke lenger handle for", 1)[1]
    assert "Jonas Hansen" in ended and "har fylt 16 år og bestemmer nå selv" in ended
    assert f'value="{_relation(app, PER, JONAS)}"' not in page
    assert _choose(client, _relation(app, PER, JONAS)).status_code == 404
    assert "Du handler nå på vegne av" not in client.get("/min-side").get_data(as_text=True)


@pytest.mark.parametrize(
    "forged, status", [("99999", 404), ("-1", 422), ("1e3", 422), ("self'--", 422), ("", 422), ("x" * 500, 422)]
)
def test_forged_or_guessed_choices_reach_no_one(app, client, forged, status):
    """A well-formed id that is not the person's is answered like one that does not exist."""
    log_in_test_client(app, client, NILS)
    response = _choose(client, forged)
    assert response.status_code == status
    assert "Du handler nå på vegne av" not in client.get("/min-side").get_data(as_text=True)


def test_someone_elses_representation_id_is_refused(app, client):
    log_in_test_client(app, client, NILS)
    assert _choose(client, _relation(app, PER, EMMA)).status_code == 404


def test_choosing_nothing_gets_a_clear_message_at_the_field(app, client):
    log_in_test_client(app, client, PER)
    token = client.csrf_token("/hvem-handler-du-for")
    response = client.post("/hvem-handler-du-for", {"csrf_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Feil:" in html and 'href="#subject-self"' in html
    assert html.count("Velg hvem du vil handle for.") == 2  # in the summary and at the field


def test_a_revoked_fullmakt_ends_at_the_next_request(app, client):
    log_in_test_client(app, client, NILS)
    fullmakt = _relation(app, NILS, KARI)
    assert _choose(client, fullmakt).status_code == 303
    assert "Du handler nå på vegne av Kari Nordmann" in client.get("/min-side").get_data(as_text=True)
    with app.app_context():
        s = db.db_session()
        s.get(Representation, fullmakt).revoked_at = utcnow()
        s.commit()
    page = client.get("/min-side").get_data(as_text=True)
    assert "Du handler nå på vegne av Kari Nordmann" not in page
    assert "Fullmakten er trukket tilbake." in page


def test_a_read_only_fullmakt_does_not_give_the_access_log(app, client):
    log_in_test_client(app, client, NILS)
    _choose(client, _relation(app, NILS, KARI))
    assert client.get("/tilgangslogg").status_code == 403


def test_the_owner_sees_who_acted_for_them_in_plain_language(app, client):
    log_in_test_client(app, client, RANDI)
    _choose(client, _relation(app, RANDI, OLA))
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale="nb")
    html = client.get("/tilgangslogg").get_data(as_text=True)
    assert re.search(r"Randi Berg, verge, begynte å bruke Min plan for deg \d+\. \w+ \d{4} kl\. \d\d:\d\d", html)


def test_the_audit_log_cannot_be_changed_or_deleted(app, client):
    log_in_test_client(app, client, PER)
    _choose(client, _relation(app, PER, EMMA))
    with app.app_context():
        s = db.db_session()
        event = s.scalar(select(AuditEvent))
        event.action = "nothing.happened"
        with pytest.raises(AppendOnly):
            s.commit()
        s.rollback()
        with pytest.raises(AppendOnly):
            s.delete(s.scalar(select(AuditEvent)))
            s.commit()
