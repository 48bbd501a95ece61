"""The name typed for a fullmakt holder is the grantor's word: it never becomes the holder's own
name, and the answer never tells whether the number is already known."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import Person
from tests.auth.sessions import log_in_test_client
from tests.concurrency.numbers import synthetic_adults
from tests.people import KARI, PER


def _grant(client, pid: str, name: str):
    token = client.csrf_token("/fullmakter")
    return client.post(
        "/fullmakter/ny", {"pid": pid, "name": name, "scopes": ["read"], "valid_to": "", "csrf_token": token}
    )


def test_a_known_and_an_unknown_number_get_the_same_answer_and_no_name_is_taken(app, client):
    unknown = next(synthetic_adults(day=2, month=5, year=66))
    log_in_test_client(app, client, KARI)
    known_answer, unknown_answer = _grant(client, PER, "Noen Annen"), _grant(client, unknown, "Noen Tredje")
    assert (known_answer.status_code, known_answer.headers["Location"]) == (303, "/fullmakter")
    assert (unknown_answer.status_code, unknown_answer.headers["Location"]) == (303, "/fullmakter")
    listing = client.get("/fullmakter").get_data(as_text=True)
    assert "<strong>Noen Annen</strong>" in listing and "<strong>Noen Tredje</strong>" in listing
    assert "Per Hansen" not in listing, "the holder's own name is not revealed to whoever types the number"
    with app.app_context():
        names = dict(
            db.db_session().execute(select(Person.pid, Person.name).where(Person.pid.in_([PER, unknown]))).all()
        )
    assert names == {PER: "Per Hansen", unknown: None}


def test_a_nul_in_the_name_is_told_at_the_field_and_the_rest_is_kept(app, client):
    log_in_test_client(app, client, KARI)
    response = _grant(client, PER, "Per\x00 Hansen\u202e")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count("Navnet har usynlige tegn eller kontrolltegn.") == 2
    assert 'value="Per Hansen"' in html and 'value="30849009334"' in html
