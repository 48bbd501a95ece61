"""Pages and the FHIR API under load: throughput and latency of each, side by side in one run,
against the cheapest route there is (/healthz), and the big plan against the small one.

Not a test (timings vary with the machine): `make bench`, or
    .venv/bin/python -m benchmarks.pages [--seconds 20] [--users 8]
    .venv/bin/python -m benchmarks.pages --profile 200     (`make bench-profile`: no load, cProfile)
It makes a PostgreSQL database of its own (BENCH_DATABASE_URL's server, default the local one;
`minplan_bench`, dropped and made again), migrates it, loads the demo data and 2 000 plans of
synthetic people (benchmarks/pages_data.py), and starts, each as a process of its own on
127.0.0.1: the ID-porten and staff login stand-ins, Maskinporten's stand-in and the app under
gunicorn (two workers) with Redis (BENCH_REDIS_URL, default db 7, emptied first) for the rate
limits and the task queue. People and staff log in over HTTP through the stand-ins; the API's
token comes from Maskinporten's stand-in with the demo Askøy system's key. Then locust asks each
target in turn for --seconds with --users clients that ask again as soon as they are answered,
and the SQL statements each costs are counted in this process with the same session cookie.
The figures go to stdout and benchmarks/results.json. Every process it started is stopped on
the way out, also after a failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

os.environ["MINPLAN_ENV"] = "development"  # as a municipality's test server; production refuses the stand-ins

import redis  # noqa: E402
import requests  # noqa: E402
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from joserfc.jwk import RSAKey  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
DATABASE = "minplan_bench"
HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WORKERS = 2
RESULTS = ROOT / "benchmarks" / "results.json"
PROFILE = ROOT / "benchmarks" / "profile.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _loopback_only(what: str, url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"{what} must be on this machine (127.0.0.1), not {host!r}")


class Processes:
    """What this run started, each in a session of its own, stopped (with its children) by `stop`."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def stop(self) -> None:
        for name, process in self.started:
            if process.poll() is not None:  # ended before its time: say how
                print(f"{name} ended early ({process.returncode}):\n{self.log(name)[-3000:]}", file=sys.stderr)
        for _, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in reversed(self.started):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def _wait_for(url: str, process: subprocess.Popen, name: str, processes: Processes, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} ended: {processes.log(name)[-2000:]}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer at {url} within {seconds} s")


def _fresh_database() -> tuple[str, str]:
    """`minplan_bench` on BENCH_DATABASE_URL's server, dropped and made again: its URL and the server's version."""
    server = make_url(SERVER)
    if server.host not in LOOPBACK:
        raise SystemExit(f"BENCH_DATABASE_URL must be on this machine, not {server.host!r}")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {DATABASE}"))
        postgres = connection.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return server.set(database=DATABASE).render_as_string(hide_password=False), postgres


def _drop_database() -> None:
    engine = create_engine(make_url(SERVER), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
    engine.dispose()


def _raise_on_term(*_args) -> None:
    raise KeyboardInterrupt  # runs the `finally` that stops the processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="how long each target is asked (default 20)")
    parser.add_argument("--users", type=int, default=8, help="clients asking at once (default 8)")
    parser.add_argument("--profile", type=int, metavar="N", help="no load: the plan page N times under cProfile")
    parser.add_argument(
        "--only", help="run only the targets whose name contains this, or one of these, comma-separated (a quick look)"
    )
    args = parser.parse_args()
    _loopback_only("BENCH_REDIS_URL", REDIS)
    signal.signal(signal.SIGTERM, _raise_on_term)
    with tempfile.TemporaryDirectory(prefix="minplan-bench-") as tmp:
        processes = Processes(Path(tmp))
        try:
            _run(args, Path(tmp), processes)
        finally:
            processes.stop()
            _drop_database()
            redis.Redis.from_url(REDIS).flushdb()


def _run(args, tmp: Path, processes: Processes) -> None:
    from benchmarks import pages_load, pages_profile, pages_report

    started = time.monotonic()
    url, postgres = _fresh_database()
    redis.Redis.from_url(REDIS).flushdb()
    ports = {name: free_port() for name in ("app", "idp", "staff_idp", "maskinporten")}
    app_url = f"http://{HOST}:{ports['app']}"
    settings = {
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-secret-key-not-for-production-use",
        "REDIS_URL": REDIS,
        "TASK_QUEUE_URL": REDIS,
        "IDPORTEN_DISCOVERY_URL": f"http://{HOST}:{ports['idp']}/.well-known/openid-configuration",
        "STAFF_OIDC_DISCOVERY_URL": f"http://{HOST}:{ports['staff_idp']}/.well-known/openid-configuration",
        "FHIR_MASKINPORTEN_ISSUER": f"http://{HOST}:{ports['maskinporten']}/",
        "FHIR_AUDIENCE": f"{app_url}/fhir",
        # Askøy's system reads far more than a batch job would; its limit is still counted in Redis.
        "FHIR_RATE_LIMIT": "1000000 per minute",
        # As in production: fhir.resources checks the API's JSON in the tests, not where it is served.
        "FHIR_CHECK_OUTPUT": "off",
        "PUBLIC_URL": app_url,
        "LOG_LEVEL": "INFO",
    }
    os.environ.update(settings)  # the app in this process (data, statements, profile) reads the same

    alembic = Config(str(ROOT / "alembic.ini"))
    alembic.attributes["database_url"] = url
    command.upgrade(alembic, "head")
    from app import create_app, db
    from benchmarks import pages_data

    app = create_app()
    with app.app_context():
        loaded = pages_data.load(db.new_session())
    print(f"data: demo + {pages_data.PLANS} plans loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)

    env = {**os.environ, **settings}
    python = str(BIN / "python")
    idp = processes.start("idp", [python, "-m", "devidp", "--port", str(ports["idp"]), "--client-url", app_url], env)
    staff_idp = processes.start(
        "staff_idp",
        [python, "-m", "devidp", "--realm", "staff", "--port", str(ports["staff_idp"]), "--client-url", app_url],
        env,
    )
    keys = tmp / "maskinporten"
    maskinporten = processes.start(
        "maskinporten",
        [python, "-m", "devstandins.maskinporten", "--port", str(ports["maskinporten"]), "--keys", str(keys)],
        env,
    )
    prometheus = tmp / "prometheus"
    prometheus.mkdir()
    gunicorn = processes.start(
        "gunicorn",
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{ports['app']}",
            "--timeout",
            "60",
            "app:create_app({'RATELIMIT_KEY_PREFIX': 'minplan-bench'})",
        ],
        {**env, "PROMETHEUS_MULTIPROC_DIR": str(prometheus)},
    )
    _wait_for(f"{settings['IDPORTEN_DISCOVERY_URL']}", idp, "idp", processes)
    _wait_for(f"{settings['STAFF_OIDC_DISCOVERY_URL']}", staff_idp, "staff_idp", processes)
    _wait_for(f"{settings['FHIR_MASKINPORTEN_ISSUER']}jwk", maskinporten, "maskinporten", processes)
    _wait_for(f"{app_url}/readyz", gunicorn, "gunicorn", processes)

    sessions = pages_load.log_in(app_url, settings, loaded)
    askoy_key = RSAKey.import_key(json.loads((keys / "askoy-fagsystem.json").read_text()))
    token = pages_load.TokenSource(askoy_key, settings["FHIR_MASKINPORTEN_ISSUER"], settings["FHIR_AUDIENCE"])
    targets = pages_load.targets(app, sessions, loaded)

    if args.profile:
        figures = {"rounds": args.profile, "machine_load_average": os.getloadavg()[0]}
        figures |= pages_profile.profile(app, sessions, args.profile)
        PROFILE.write_text(json.dumps(figures, indent=2) + "\n")
        return

    if args.only:
        targets = [t for t in targets if any(part in t["name"] for part in args.only.split(","))]
    statements = pages_load.statements(app, targets, token)
    measured = []
    for target in targets:
        measured.append(_measure(target, app_url, token, args, tmp))
        print(pages_report.line(measured[-1]), file=sys.stderr)
    errors = [line for line in processes.log("gunicorn").splitlines() if "Traceback" in line or '"status": 5' in line]
    server = f"gunicorn {version('gunicorn')}, {WORKERS} sync workers, MINPLAN_ENV=development"
    figures = pages_report.figures(
        measured, statements, args, postgres, errors, time.monotonic() - started, server, REDIS
    )
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(pages_report.table(figures), file=sys.stderr)
    if not args.only:
        RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


def _measure(target: dict, app_url: str, token, args, tmp: Path) -> dict:
    headers = dict(target["headers"])
    if target.get("fhir"):
        headers["Authorization"] = f"Bearer {token.fresh()}"  # lives 120 s, longer than a run
    for _ in range(3):  # each worker has the page's templates compiled before the clock starts
        assert requests.get(app_url + target["path"], headers=headers, timeout=30).status_code == 200, target
    load_before = os.getloadavg()[0]
    prefix = tmp / target["name"]
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "pages_locustfile.py"),
            "--headless",
            "--host",
            app_url,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.users),
            "--run-time",
            f"{args.seconds}s",
            "--reset-stats",
            "--only-summary",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_TARGET": json.dumps({**target, "headers": headers})},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == target["name"])
    return {
        "name": target["name"],
        "path": target["display"],
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "per_second": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "bytes": int(float(row["Average Content Size"])),
        "load_average": round((load_before + os.getloadavg()[0]) / 2, 2),
    }


if __name__ == "__main__":
    main()
