"""The operators' metrics: only with the scraper's token, counting what was answered, per
endpoint, without letting any path or method someone sends become a series of its own."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.config import ConfigError, load_config
from tests.conftest import make_app

TOKEN = "scraper-token-" + "x" * 32


@pytest.fixture
def metrics_app(database_url, task_queue_kept):
    return make_app(database_url, METRICS_TOKEN=TOKEN, TASK_QUEUE_URL="memory://")


def _scrape(client) -> dict:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _requests(samples, endpoint, status="200", method="GET") -> float:
    labels = (("endpoint", endpoint), ("method", method), ("status", status))
    return samples.get(("minplan_http_requests_total", labels), 0)


def test_without_the_token_there_is_nothing_to_read(metrics_app, app):
    client = metrics_app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics").headers["WWW-Authenticate"].startswith("Bearer")
    assert app.test_client().get("/metrics").status_code == 404  # no token set: no metrics at all


def test_requests_are_counted_per_endpoint_and_status(metrics_app):
    client = metrics_app.test_client()
    before = _scrape(client)
    for _ in range(3):
        client.get("/")
    client.get("/finnes-ikke/123")
    client.get("/finnes-ikke/456")
    client.open("/", method="BREW")
    after = _scrape(client)
    assert _requests(after, "home.index") - _requests(before, "home.index") == 3
    assert _requests(after, "unmatched", "404") - _requests(before, "unmatched", "404") == 2
    assert not any("finnes-ikke" in str(key) or "BREW" in str(key) for key in after)
    assert _requests(after, "unmatched", "405", "other") - _requests(before, "unmatched", "405", "other") == 1
    assert after[("minplan_http_request_duration_seconds_count", (("endpoint", "home.index"),))] >= 3


def test_the_pool_the_queue_and_the_notices_given_up_on_are_read_at_the_scrape(metrics_app):
    samples = _scrape(metrics_app.test_client())
    assert ("minplan_task_queue_depth", ()) in samples
    assert ("minplan_notice_deliveries_last_day", (("status", "failed"),)) in samples
    assert any(name == "minplan_db_pool_connections" for name, _ in samples)


def test_a_short_token_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigError, match="METRICS_TOKEN"):
        load_config(tmp_path, {"MINPLAN_ENV": "test", "METRICS_TOKEN": "short"})
