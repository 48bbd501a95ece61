"""Hammering the login gets a polite 429 page, not unlimited tries."""

from __future__ import annotations

from tests.conftest import idp_config, make_app


def test_the_login_door_is_rate_limited(database_url, idp):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **idp_config(idp))
    browser = app.test_client()
    statuses = [browser.get("/logg-inn", headers={"Accept-Language": "en"}).status_code for _ in range(21)]
    assert statuses[:20] == [303] * 20
    assert statuses[20] == 429
    page = browser.get("/logg-inn", headers={"Accept-Language": "en"})
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
    assert "Retry-After" in page.headers


def test_reading_pages_is_not_limited(database_url):
    app = make_app(database_url, RATELIMIT_ENABLED=True)
    browser = app.test_client()
    assert all(browser.get("/ordliste").status_code == 200 for _ in range(40))
