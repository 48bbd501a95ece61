"""Past capacity the answer is a 503 with Retry-After in the person's language, never a request
left waiting: when every connection of the pool is taken (DATABASE_POOL_TIMEOUT_S), and when
Redis takes connections but never answers (the task queue's hand-over after a commit, /readyz)."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select

from app import db
from app.models.message import Message
from tests.auth.sessions import log_in_test_client
from tests.conftest import PageClient, idp_config, make_app
from tests.messages.helpers import plan_id
from tests.operations.busy import answered_in_bounds, busy_title_in, pool_taken
from tests.people import KARI


@pytest.fixture
def one_connection_app(database_url, idp):
    """The app with a pool of one connection and a one-second wait for it."""
    app = make_app(
        database_url, DATABASE_POOL_SIZE=1, DATABASE_MAX_OVERFLOW=0, DATABASE_POOL_TIMEOUT_S=1, **idp_config(idp)
    )
    yield app
    app.extensions["db_engine"].dispose()


pytestmark = pytest.mark.usefixtures("task_queue_kept")


def test_with_every_connection_taken_a_person_is_told_to_come_back_in_her_language(one_connection_app):
    app = one_connection_app
    kari = PageClient(app.test_client(), app)
    log_in_test_client(app, kari, KARI)
    kari.client.post("/sprak", data={"csrf_token": kari.csrf_token("/sprak"), "locale": "nn", "next": "/"})
    assert kari.get("/plan").status_code == 200
    visitor = app.test_client()

    with pool_taken(app):
        answers = {
            "kari's plan": kari.get("/plan"),
            "kari's plan, htmx": kari.get("/plan", htmx=True),
            "a visitor's contact page": visitor.get("/kontakt/askoy"),
        }

    for name, response in answers.items():
        assert response.status_code == 503, name
        assert response.headers["Retry-After"] == "10", name
        assert "Traceback" not in response.get_data(as_text=True), name
    page = answers["kari's plan"].get_data(as_text=True)
    assert '<html lang="nn"' in page and busy_title_in(app, "nn") in page
    assert busy_title_in(app, "nb") in answers["a visitor's contact page"].get_data(as_text=True)
    # The connection free again, the same session goes on.
    assert kari.get("/plan").status_code == 200


class SilentServer:
    """A port that takes connections and never answers, as a Redis that hangs does."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"

    def close(self):
        self.listener.close()


@pytest.fixture
def silent_redis():
    server = SilentServer()
    yield server
    server.close()


def test_a_redis_that_never_answers_holds_up_neither_a_message_nor_the_readiness_probe(
    database_url, idp, silent_redis, app
):
    hanging = make_app(database_url, REDIS_URL=silent_redis.url, TASK_QUEUE_URL=silent_redis.url, **idp_config(idp))
    try:
        kari = PageClient(hanging.test_client(), hanging)
        log_in_test_client(hanging, kari, KARI)
        words = "Redis svarer ikke, men meldingen min kommer fram."
        data = {"csrf_token": kari.csrf_token("/meldinger"), "text": words}

        sent = answered_in_bounds(lambda: kari.client.post("/meldinger", data=data))
        assert sent is not None, "the message is still waiting for Redis"
        # Committed before the queue was asked: it stands, and the sweep hands it over later.
        assert sent.status_code == 303
        with app.app_context(), db.new_session() as s:
            texts = s.scalars(select(Message.text).where(Message.plan_id == plan_id(app, KARI))).all()
            assert words in texts
            assert s.scalar(select(func.count()).select_from(Message).where(Message.text == words)) == 1

        ready = answered_in_bounds(lambda: hanging.test_client().get("/readyz"))
        assert ready is not None, "the probe is still waiting for Redis"
        assert (ready.status_code, ready.get_data(as_text=True)) == (503, "not ready\n")
    finally:
        hanging.extensions["db_engine"].dispose()
