"""How much slower "Min plan" renders for a big plan than for a small one.

Not a test (timings vary with the machine): run it by hand,
    .venv/bin/python -m benchmarks.plan_page
It builds a throw-away SQLite database, gives one demo person 100 goals and 50 measures, and
times the plan page and the week page for that person and for one with a small plan.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MINPLAN_ENV", "test")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import create_app, db  # noqa: E402
from app.demo import data as demo_data  # noqa: E402
from app.models import Goal, Person, Plan  # noqa: E402
from app.models.measure import Measure, ScheduleEntry  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SMALL, BIG = "07811674014", "12838502510"  # Emma (a small plan), Kari (made big here)
ROUNDS = 30


def _log_in(app, client, pid: str) -> None:
    with app.app_context():
        person = db.db_session().scalar(select(Person).where(Person.pid == pid))
    with client.session_transaction() as session:
        session.update(
            {
                "person_id": person.id,
                "acr": "idporten-loa-high",
                "auth_time": time.time(),
                "logged_in_at": time.time(),
                "idp_sid": "bench",
                "id_token": "x",
                "idp_origin": "http://x",
            }
        )


def _make_big(app) -> None:
    with app.app_context():
        s = db.db_session()
        plan = s.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == BIG))
        s.add_all(Goal(plan_id=plan.id, position=100 + i, life_area="leisure", text=f"Jeg vil {i}") for i in range(100))
        for i in range(50):
            measure = Measure(plan_id=plan.id, position=100 + i, what=f"Tiltak {i}", service_name="Tjeneste")
            measure.schedule = [
                ScheduleEntry(
                    recurrence="DTSTART;TZID=Europe/Oslo:20260105T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH",
                    duration_minutes=30,
                )
            ]
            s.add(measure)
        s.commit()


def _time(client, path: str) -> float:
    client.get(path)  # warm up
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-32-bytes-long", "TESTING": True})
        with app.app_context():
            demo_data.load()
        _make_big(app)
        for path in ("/plan", "/plan/denne-uka"):
            small_client, big_client = app.test_client(), app.test_client()
            _log_in(app, small_client, SMALL)
            _log_in(app, big_client, BIG)
            small, big = _time(small_client, path), _time(big_client, path)
            verdict = "OK" if big <= 2 * small else "TOO SLOW"
            print(
                f"{path:18} small {small * 1000:6.1f} ms   big {big * 1000:6.1f} ms   ×{big / small:4.2f}  {verdict} (budget ×2)"
            )


if __name__ == "__main__":
    main()
