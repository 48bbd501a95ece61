"""Server-side sessions end on the server: idle and absolute timeouts, whatever the cookie says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import db
from app.models import BrowserSession
from app.models.base import utcnow
from app.session_choices import CHOICES_COOKIE
from tests.auth.sessions import log_in_test_client


def _turn_on_easy_read(client):
    """Log in and turn easy-read on: a visitor's choices alone keep no row (tests/robustness)."""
    log_in_test_client(client.app, client, easy_read=True)  # in the session only, not in her profile
    assert 'class="easy-read"' in client.get("/").get_data(as_text=True)
    # Only the row knows the choice: the check below is about the server's session.
    client.client.delete_cookie(CHOICES_COOKIE)


def _age_session(app, **ago):
    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(**{k: utcnow() - v for k, v in ago.items()}))
        s.commit()


def _session_rows(app) -> int:
    with app.app_context(), db.new_session() as s:
        return len(s.scalars(select(BrowserSession)).all())


def test_the_row_stores_the_data_not_the_cookie(app, client):
    _turn_on_easy_read(client)
    with app.app_context(), db.new_session() as s:
        row = s.scalar(select(BrowserSession))
        assert row.data["easy_read"] is True


@pytest.mark.parametrize(
    "ago",
    [{"last_seen_at": timedelta(minutes=31)}, {"created_at": timedelta(minutes=121)}],
    ids=["idle-30-minutes", "absolute-120-minutes"],
)
def test_a_session_past_its_timeout_is_gone(app, client, ago):
    _turn_on_easy_read(client)
    _age_session(app, **ago)
    assert 'class="easy-read"' not in client.get("/").get_data(as_text=True)
    assert _session_rows(app) == 0  # the old row is deleted, and a visit that stores nothing makes none


def test_a_session_within_its_timeouts_lives_on(app, client):
    _turn_on_easy_read(client)
    _age_session(app, last_seen_at=timedelta(minutes=29), created_at=timedelta(minutes=119))
    assert 'class="easy-read"' in client.get("/").get_data(as_text=True)


def test_expired_sessions_are_purged(app, client):
    from app.sessions import purge_expired

    _turn_on_easy_read(client)
    _age_session(app, last_seen_at=timedelta(minutes=45))
    with app.app_context():
        assert purge_expired(30, 120) == 1
    assert _session_rows(app) == 0
