"""No lost words: a message written while the session ran out is kept across the new login and
sent again, once, for the same person (the app's kept form, app/auth/kept_form.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from app import db
from app.models.message import Message
from tests.messages.helpers import messages_of
from tests.people import KARI
from tests.sessions.conftest import WORDS, end_every_session, form_fields, rows_holding, visitor  # noqa: F401
from tests.sessions.test_kept_forms import _log_in_after_the_refusal


@pytest.fixture
def no_messages_left(app):
    yield
    with app.app_context(), db.new_session() as s:
        s.execute(delete(Message).where(Message.text == WORDS))
        s.commit()


def test_a_message_written_as_the_session_ended_is_sent_after_logging_in_again(app, visitor, no_messages_left):  # noqa: F811
    visitor.log_in(KARI)
    page = visitor.get("/meldinger")
    assert page.status_code == 200
    form = {**form_fields(page.text, "/meldinger"), "text": WORDS}
    end_every_session(app)
    refused = visitor.post("/meldinger", form)
    assert rows_holding(app, WORDS) == 1 and messages_of(app, KARI) == []
    back_in = _log_in_after_the_refusal(visitor, refused)
    assert back_in.url.endswith("/skjema/send-igjen") and WORDS in back_in.text
    again = form_fields(back_in.text, "/meldinger")
    sent = visitor.post("/meldinger", again)
    assert sent.status_code == 303
    assert [m.text for m in messages_of(app, KARI)] == [WORDS]
