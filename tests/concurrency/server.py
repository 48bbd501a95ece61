"""Min plan under gunicorn with three worker processes, on a database of its own, for attacks
that need requests really running at the same time (not Flask's test client, one at a time)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine

from tests.auth.visitor import Visitor

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RealServer:
    """gunicorn started on a free loopback port; `engine` reads the same database for the asserts."""

    def __init__(
        self,
        database_url: str,
        idp,
        client_id: str,
        client_secret: str,
        log_path: Path,
        env: dict[str, str] | None = None,
        config: dict | None = None,
    ):
        """`env` is added to the process's environment (after REDIS_URL is taken out of it);
        `config` goes to create_app, for settings the environment does not offer."""
        self.database_url = database_url
        self.idp = idp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        environment = {
            **os.environ,
            "MINPLAN_ENV": "test",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "concurrency-test-secret-key-32-bytes!",
            "LOG_LEVEL": "INFO",
            "IDPORTEN_DISCOVERY_URL": f"{idp.issuer}/.well-known/openid-configuration",
            "IDPORTEN_CLIENT_ID": client_id,
            "IDPORTEN_CLIENT_SECRET": client_secret,
        }
        environment.pop("REDIS_URL", None)
        environment.update(env or {})
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                f"app:create_app({config or {}!r})",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()
        engine_url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        self.engine = create_engine(engine_url)

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ended: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def visitor(self, pid: str) -> Visitor:
        """Someone logged in through the ID-porten stand-in, over HTTP, with a session of their own."""
        visitor = Visitor(self.url, self.idp.issuer)
        landed = visitor.log_in(pid)
        assert landed.status_code == 200, landed.text[:300]
        return visitor

    def server_errors(self) -> list[str]:
        """Lines of the server's log about a failed request or a traceback."""
        self._log.flush()
        return [
            line
            for line in self.log_path.read_text(errors="replace").splitlines()
            if "Traceback" in line or '"status": 5' in line or "[ERROR]" in line
        ]

    def stop(self) -> None:
        self.engine.dispose()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._log.close()


def at_once(*calls):
    """Run the calls in threads released together by a barrier; their results in order.

    An exception in a call is returned in its place, so one failure cannot hide the others."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i: int, call) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test's asserts
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
