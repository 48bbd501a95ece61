"""On PostgreSQL no statement of a request outlives DATABASE_STATEMENT_TIMEOUT_MS: a request
whose statement waits behind a lock is cut, answered 503 with Retry-After in the person's
language (an OperationOutcome for a system under /fhir), and nothing it wrote before the cut
stands: the message without its audit row is rolled back with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import db
from app.api import profile
from app.models import AuditEvent
from app.models.message import Message
from tests.api.conftest import ASKOY_ORGNO, AUDIENCE, maskinporten  # noqa: F401 - the stand-in, a fixture
from tests.auth.sessions import log_in_test_client
from tests.conftest import PageClient, idp_config, make_app
from tests.messages.helpers import plan_id
from tests.operations.busy import BUSY_TITLE, answered_in_bounds, busy_title_in, postgresql_only, table_locked
from tests.people import KARI
from tests.robustness.test_logs import app_log

CUT_AFTER_MS = 300
WORDS = "Kan vi flytte møtet til neste uke?"


@pytest.fixture
def hurried_app(database_url, idp, maskinporten):  # noqa: F811 - the fixture imported above
    """The app on the test database, cutting every statement after 0.3 s, with the FHIR API open
    to Askøy's system through Maskinporten's stand-in."""
    app = make_app(
        postgresql_only(database_url),
        DATABASE_STATEMENT_TIMEOUT_MS=CUT_AFTER_MS,
        FHIR_MASKINPORTEN_ISSUER=maskinporten.issuer,
        FHIR_MASKINPORTEN_JWKS_URL=maskinporten.issuer + "jwk",
        FHIR_AUDIENCE=AUDIENCE,
        FHIR_CONSUMERS={ASKOY_ORGNO: "askoy"},
        **idp_config(idp),
    )
    yield app
    app.extensions["db_engine"].dispose()


def _messages_and_audit_rows(app) -> tuple[int, int]:
    with app.app_context(), db.new_session() as s:
        messages = s.scalar(select(func.count()).select_from(Message).where(Message.plan_id == plan_id(app, KARI)))
        return messages, s.scalar(select(func.count()).select_from(AuditEvent))


# Not "locale": the suite runs only Bokmål of a language matrix on PostgreSQL, the only database here.
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_a_message_whose_audit_row_must_wait_is_cut_answered_503_and_not_half_written(
    hurried_app, database_url, language
):
    client = PageClient(hurried_app.test_client(), hurried_app)
    log_in_test_client(hurried_app, client, KARI, locale=language)
    before = _messages_and_audit_rows(hurried_app)

    data = {"csrf_token": client.csrf_token("/meldinger"), "text": WORDS}
    with table_locked(database_url, "audit_event"), app_log() as lines:
        response = answered_in_bounds(lambda: client.post("/meldinger", data=data))

    assert response is not None, "the request waited for the lock without end"
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    page = response.get_data(as_text=True)
    assert f'<html lang="{language}"' in page
    assert busy_title_in(hurried_app, language) in page
    assert "Traceback" not in page and "statement timeout" not in page and WORDS not in page
    # The message was inserted before its audit row had to wait: the cut took both back.
    assert _messages_and_audit_rows(hurried_app) == before
    (line,) = [line for line in lines if line.get("event") == "http.request"]
    assert line["status"] == 503 and "statement timeout" in line["error"] and "exception" not in line

    # The lock gone, the same message goes through: the cut left nothing behind in the pool.
    sent = client.post("/meldinger", data={"csrf_token": client.csrf_token("/meldinger"), "text": WORDS})
    assert sent.status_code == 303
    assert _messages_and_audit_rows(hurried_app)[0] == before[0] + 1


def test_a_system_whose_read_cannot_be_logged_in_time_gets_an_operation_outcome_and_no_data(
    hurried_app,
    database_url,
    maskinporten,  # noqa: F811 - the fixture imported above
):
    token = maskinporten.systems["askoy"].token()
    search = f"/fhir/Patient?identifier={profile.FNR_SYSTEM}|{KARI}"
    client = hurried_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    with table_locked(database_url, "audit_event"):
        response = answered_in_bounds(lambda: client.get(search, headers=headers))

    assert response is not None, "the request waited for the lock without end"
    assert response.status_code == 503
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Retry-After"] == "10"
    outcome = response.get_json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert [issue["code"] for issue in outcome["issue"]] == ["timeout"]
    assert KARI not in response.get_data(as_text=True) and "Nordmann" not in response.get_data(as_text=True)
    # Not a page: nothing of the HTML error page reaches a system.
    assert BUSY_TITLE not in response.get_data(as_text=True)
    assert client.get(search, headers=headers).status_code == 200
