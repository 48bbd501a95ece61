"""The load generator's side of benchmarks/pages.py: one target a run, named by BENCH_TARGET (a
JSON object: name, path, headers, and `follow_next` for a FHIR search whose pages are walked to the
end and then begun again). Every client asks again as soon as it has its answer; anything but 200
counts as a failure. Only the loopback host the orchestrator gives is ever asked."""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

from locust import FastHttpUser, constant, task

TARGET = json.loads(os.environ["BENCH_TARGET"])
LOOPBACK = ("127.0.0.1",)


def _loopback_only(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to send load to {host!r}: only 127.0.0.1")


class Visitor(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        _loopback_only(self.host)
        self.next_path = TARGET["path"]

    @task
    def ask(self) -> None:
        with self.client.get(
            self.next_path, headers=TARGET["headers"], name=TARGET["name"], catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                self.next_path = TARGET["path"]
                return
            if TARGET.get("follow_next"):
                self.next_path = _next_page(response.json()) or TARGET["path"]


def _next_page(bundle: dict) -> str | None:
    for link in bundle.get("link") or []:
        if link.get("relation") == "next":
            _loopback_only(link["url"])
            parts = urlsplit(link["url"])
            return f"{parts.path}?{parts.query}"
    return None
