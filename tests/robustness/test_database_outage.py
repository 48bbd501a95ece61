"""While the database is away every request answers 503 with Retry-After and the friendly page
in the person's language, writes one log line and no traceback, and the app recovers by itself;
a change that was committed is never reported as failed."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app import db
from app.models import Person
from app.sessions import DatabaseSessionInterface
from tests.auth.sessions import log_in_test_client
from tests.conftest import PageClient, idp_config, make_app
from tests.people import KARI
from tests.robustness.outage import outage_for
from tests.robustness.test_logs import app_log


@pytest.fixture
def outage(database_url):
    with outage_for(database_url) as outage:
        yield outage


@pytest.fixture
def outage_app(outage, idp):
    app = make_app(outage.url, **idp_config(idp))
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def kari_keeps_her_language(app):
    """These tests change Kari's language in her profile; the demo data has her in Bokmål."""
    yield
    with app.app_context(), db.new_session() as s:
        s.execute(Person.__table__.update().where(Person.pid == KARI).values(locale="nb"))
        s.commit()


UNAVAILABLE = {"nn": "Min plan er ikkje tilgjengeleg akkurat no", "en": "Min plan is not available right now"}


def _lines_per_request(lines: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in lines:
        counts[line["request_id"]] = counts.get(line["request_id"], 0) + 1
    return counts


def test_an_outage_answers_503_in_the_persons_language_and_the_app_recovers(
    outage, outage_app, kari_keeps_her_language
):
    kari = outage_app.test_client()
    log_in_test_client(outage_app, PageClient(kari, outage_app), KARI)
    kari.post("/sprak", data={"locale": "nn", "next": "/"})
    assert kari.get("/plan").status_code == 200
    visitor = outage_app.test_client()
    visitor.post("/sprak", data={"locale": "en", "next": "/"})

    outage.begin()
    try:
        with app_log() as lines:
            answers = [
                ("kari's plan", "nn", kari.get("/plan")),
                ("kari's plan, htmx", "nn", kari.get("/plan", headers={"HX-Request": "true"})),
                ("kari's consents", "nn", kari.get("/samtykke")),
                ("kari saves a language", "nn", kari.post("/sprak", data={"locale": "nn", "next": "/plan"})),
                ("a visitor reads a contact page", "en", visitor.get("/kontakt/askoy")),
            ]
            for _ in range(20):
                answers.append(("kari's plan again", "nn", kari.get("/plan")))
    finally:
        outage.end()

    for name, locale, response in answers:
        assert response.status_code == 503, name
        assert response.headers["Retry-After"] == "30", name
        page = response.get_data(as_text=True)
        assert UNAVAILABLE[locale] in page, name
        if "htmx" not in name:
            assert f'<html lang="{locale}"' in page, name
        assert "minplan_session=" not in " ".join(response.headers.getlist("Set-Cookie")), name
    assert len(lines) == len(answers)
    assert set(_lines_per_request(lines).values()) == {1}
    for line in lines:
        assert (line["event"], line["status"], line["level"]) == ("http.request", 503, "error")
        assert line["error"].startswith("sqlalchemy.exc.OperationalError: ")
        assert "exception" not in line
        assert "Traceback" not in str(line)

    # Back again: the same session, nobody logged out, no restart.
    assert kari.get("/plan").status_code == 200
    assert '<html lang="nn"' in kari.get("/plan").get_data(as_text=True)


def test_a_committed_change_stands_when_the_session_cannot_be_saved_after_it(
    app, client, monkeypatch, kari_keeps_her_language
):
    log_in_test_client(app, client, KARI)

    def store_fails(self, session):
        raise OperationalError("UPDATE browser_session …", {}, Exception("server closed the connection"))

    monkeypatch.setattr(DatabaseSessionInterface, "_store", store_fails)
    with app_log() as lines:
        response = client.client.post("/sprak", data={"locale": "en", "next": "/plan"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/plan"
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(Person.locale).where(Person.pid == KARI)) == "en"
    assert len(lines) == 1
    assert (lines[0]["event"], lines[0]["status"], lines[0]["level"]) == ("http.request", 303, "warning")
    assert lines[0]["session_not_saved"].startswith("sqlalchemy.exc.OperationalError: ")
    assert "exception" not in lines[0]
