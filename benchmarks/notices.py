"""Notices through the real queue: how many per second two workers send, and how long from the
commit of a change to the SMTP server's "250 OK".

Not a test (timings vary with the machine): `make bench-notices`, or
    .venv/bin/python -m benchmarks.notices [--notices 10000] [--workers 2]
It makes a PostgreSQL database of its own (BENCH_DATABASE_URL's server, default the local one),
a Huey queue on Redis (BENCH_REDIS_URL, default db 5 of the local one, emptied first), starts the
contact register's stand-in and an SMTP stand-in, starts the worker processes, commits one change
per notice as a coordinator would, as fast as it can (Kari hears of each by e-mail only; her SMS is
turned off), and waits until every notice is with the SMTP server. The figures go to stdout and benchmarks/notices.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MINPLAN_ENV", "test")

import redis  # noqa: E402
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import func, select, update  # noqa: E402

from app import create_app, db  # noqa: E402
from app.demo import data as demo_data  # noqa: E402
from app.domain.events import EventName  # noqa: E402
from app.models import NoticeDelivery, NoticePreference, OutboxEvent, Person  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.services import plan_changes  # noqa: E402
from devstandins import krr, smtp  # noqa: E402
from devstandins.store import Store  # noqa: E402
from tests.conftest import serve_in_thread  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.notifications.conftest import coordinator_for, free_port, plan_of  # noqa: E402
from tests.people import KARI  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
BATCH = 200


def _commit_changes(app, count: int) -> None:
    """`count` changes, each its own outbox row, committed `BATCH` at a time (as many requests would)."""
    with app.app_context():
        session = db.new_session()
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        session.merge(NoticePreference(person_id=kari.id, email=True, sms=False))
        session.execute(update(OutboxEvent).values(dispatched_at=utcnow()))
        session.commit()
        plan = plan_of(session, KARI)
        coordinator = coordinator_for(session, plan)
        made = 0
        while made < count:
            for _ in range(min(BATCH, count - made)):
                plan_changes.record(session, coordinator, plan.id, EventName.MEETING_MOVED, None, {})
                made += 1
            session.commit()
        session.close()


def _sent(app) -> tuple[int, int]:
    with app.app_context(), db.new_session() as session:
        sent = session.scalar(
            select(func.count()).where(NoticeDelivery.status == "sent", NoticeDelivery.channel == "email")
        )
        failed = session.scalar(select(func.count()).where(NoticeDelivery.status == "failed"))
        return sent or 0, failed or 0


def _latencies(app) -> tuple[list[float], float]:
    """Seconds from each change's commit to its e-mail's hand-over; and the whole run's span."""
    with app.app_context(), db.new_session() as session:
        rows = session.execute(
            select(OutboxEvent.occurred_at, NoticeDelivery.sent_at)
            .join(NoticeDelivery, NoticeDelivery.outbox_id == OutboxEvent.id)
            .where(NoticeDelivery.status == "sent", NoticeDelivery.channel == "email")
        ).all()
    latencies = sorted((sent - committed).total_seconds() for committed, sent in rows)
    span = (max(s for _, s in rows) - min(c for c, _ in rows)).total_seconds()
    return latencies, span


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    redis.Redis.from_url(REDIS).flushdb()
    with tempfile.TemporaryDirectory() as tmp, fresh_database(SERVER, Path(tmp)) as url:
        alembic = Config(str(ROOT / "alembic.ini"))
        alembic.attributes["database_url"] = url
        command.upgrade(alembic, "head")
        register = serve_in_thread(krr.create_app())
        store = Store(Path(tmp) / "post.sqlite3")
        smtp_port = free_port()
        mail = smtp.controller(store, "127.0.0.1", smtp_port)
        mail.start()
        settings = {
            "DATABASE_URL": url,
            "TASK_QUEUE_URL": REDIS,
            "KRR_URL": f"http://127.0.0.1:{register.server_port}",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "PUBLIC_URL": "https://minplan.example.no",
            "SECRET_KEY": "benchmark-secret-key-not-for-production",
        }
        app = create_app({**settings, "SMTP_PORT": smtp_port})
        with app.app_context():
            demo_data.load(db.new_session())
        env = {**os.environ, **settings}
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "app.notifications.worker", "--workers", "1"]
                + ([] if n == 0 else ["--no-periodic"]),
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(args.workers)
        ]
        try:
            time.sleep(3)  # the workers are up and have swept what the demo left
            started = time.monotonic()
            _commit_changes(app, args.notices)
            committed = time.monotonic() - started
            while (done := _sent(app))[0] + done[1] < args.notices:
                time.sleep(1)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait()
            mail.stop()
            register.shutdown()
        latencies, span = _latencies(app)
        app.extensions["db_engine"].dispose()
    quantiles = statistics.quantiles(latencies, n=100)
    figures = {
        "notices": len(latencies),
        "failed": done[1],
        "workers": args.workers,
        "queue": "Huey on Redis",
        "database": "PostgreSQL",
        "seconds_to_commit_all": round(committed, 1),
        "notices_per_second": round(len(latencies) / span, 1),
        "commit_to_smtp_p50_s": round(quantiles[49], 2),
        "commit_to_smtp_p95_s": round(quantiles[94], 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(figures, indent=2))
    (ROOT / "benchmarks" / "notices.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
