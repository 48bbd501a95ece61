"""Liveness and readiness for a load balancer or an orchestrator: `/healthz` answers as long as
the process serves requests (it touches nothing else, so a database outage does not get every
process restarted), `/readyz` only when the database answers with its migrations at head and
Redis and the task queue can be reached. Unauthenticated and cheap, so they say only "ready" or
"not ready"; which check failed, and why, goes to the log for the operators."""

from __future__ import annotations

import logging

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, Response, current_app
from redis import Redis
from sqlalchemy import text

from app import db
from app.logging_setup import PROBE_ENDPOINTS, describe
from app.notifications.queue import huey
from app.policy import public

bp = Blueprint("health", __name__)
log = logging.getLogger("minplan.health")
ENDPOINTS = PROBE_ENDPOINTS
TIMEOUT_SECONDS = 2


def _plain(words: str, status: int) -> Response:
    response = Response(words + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz", endpoint="alive")
@public  # says only that the process answers
def alive():
    return _plain("alive", 200)


@bp.get("/readyz", endpoint="ready")
@public  # says only "ready" or "not ready"; the reason goes to the log
def ready():
    failing = {}
    for name, check in (("database", _database), ("redis", _redis), ("task_queue", _task_queue)):
        try:
            if (problem := check()) is not None:
                failing[name] = problem
        except Exception as error:  # noqa: BLE001 - any failure is "not ready", told to the log
            failing[name] = describe(error)
    if failing:
        log.warning("not ready", extra={"event": "health.not_ready", "failing": failing})
        return _plain("not ready", 503)
    return _plain("ready", 200)


def _database() -> str | None:
    with db.engine().connect() as connection:
        current = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if current != current_app.extensions["migration_heads"]:
        return "migrations are not at head"
    return None


def _redis() -> str | None:
    url = current_app.config.get("REDIS_URL")
    if url:
        with Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS) as redis:
            redis.ping()
    return None


def _task_queue() -> str | None:
    huey.storage.queue_size()  # reaches the storage (Redis or the SQLite file) the workers take from
    return None


def migration_heads(root) -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(root / "migrations"))
    return set(ScriptDirectory.from_config(config).get_heads())


def init_app(app: Flask, root) -> None:
    app.extensions["migration_heads"] = migration_heads(root)
    app.register_blueprint(bp)
