"""Prometheus metrics at `/metrics`, for the operators' scraper only: a bearer token
(METRICS_TOKEN) opens it; without one set the path does not exist.

Per endpoint: requests by status and their latency. At each scrape: the database pool, the task
queue's depth and the notices of the last day by state (failed ones are those given up on). With
several gunicorn workers, PROMETHEUS_MULTIPROC_DIR names a directory they share, so one scrape
counts them all (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from app import db
from app.models.base import utcnow
from app.models.notice import NoticeDelivery
from app.notifications.queue import huey
from app.policy import operator_token_required

bp = Blueprint("metrics", __name__)
ENDPOINT = "metrics.metrics"
NOTICES_WINDOW = timedelta(days=1)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})

REQUESTS = Counter("minplan_http_requests", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "minplan_http_request_duration_seconds",
    "Time to answer a request",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class StateCollector:
    """What is read at the scrape itself: the pool, the queue, the notices."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        with self.app.app_context():
            yield self._pool()
            depth = GaugeMetricFamily("minplan_task_queue_depth", "Tasks waiting in the queue")
            depth.add_metric([], huey.storage.queue_size())
            yield depth
            yield self._notices()

    def _pool(self):
        pool = db.engine().pool
        family = GaugeMetricFamily(
            "minplan_db_pool_connections", "This process's database connections", labels=["state"]
        )
        for state, read in (("checked_out", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow")):
            if hasattr(pool, read):
                # QueuePool counts overflow from minus its size: only connections beyond it count here.
                family.add_metric([state], max(0, getattr(pool, read)()))
        return family

    def _notices(self):
        family = GaugeMetricFamily(
            "minplan_notice_deliveries_last_day", "Notices of the last 24 hours by state", labels=["status"]
        )
        with db.new_session() as session:
            rows = session.execute(
                select(NoticeDelivery.status, func.count())
                .where(NoticeDelivery.created_at > utcnow() - NOTICES_WINDOW)
                .group_by(NoticeDelivery.status)
            ).all()
        counts = dict(rows)
        for status in ("queued", "sending", "sent", "failed", "unreachable", "cancelled"):
            family.add_metric([status], counts.get(status, 0))
        return family


@bp.get("/metrics", endpoint="metrics")
@operator_token_required
def metrics():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_Own())
    registry.register(StateCollector(current_app._get_current_object()))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


class _Own:
    """This process's own request metrics, when it is the only one."""

    def collect(self):
        yield from REQUESTS.collect()
        yield from LATENCY.collect()


def _count(exception: BaseException | None) -> None:
    started = g.get("request_started")
    if started is None or request.endpoint in (ENDPOINT, "static"):
        return
    endpoint = request.endpoint or "unmatched"  # unknown paths share one label, whatever they are
    status = g.get("response_status", 500 if exception is not None else 200)
    method = request.method if request.method in METHODS else "other"  # any word can be sent as one
    REQUESTS.labels(endpoint, method, str(status)).inc()
    LATENCY.labels(endpoint).observe(time.perf_counter() - started)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.teardown_request(_count)
