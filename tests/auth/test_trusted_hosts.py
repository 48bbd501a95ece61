"""A forged Host header: the login must never send ID-porten's answer to another site."""

from __future__ import annotations

import pytest
import requests

from app.config import ConfigError, load_config
from tests.auth.conftest import EventLog
from tests.auth.test_configuration import ID_PORTEN, PRODUCTION
from tests.auth.visitor import query
from tests.conftest import idp_config, make_app


def _login_start(test_client, **headers):
    return test_client.get("/logg-inn", headers=headers)


def test_a_forged_host_gets_the_400_page_and_no_login(client):
    response = client.get("/logg-inn", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Location" not in response.headers
    html = response.get_data(as_text=True)
    assert "Vi forsto ikke forespørselen" in html
    assert "evil.example" not in html


@pytest.mark.parametrize("path", ["/", "/min-side", "/logg-inn/callback?code=x&state=y", "/logg-ut/ferdig"])
def test_every_page_refuses_a_forged_host(client, path):
    response = client.get(path, headers={"Host": "evil.example:5000"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_forged_host_cannot_start_a_logout_either(client):
    response = client.post("/logg-ut", headers={"Host": "evil.example"})
    assert response.status_code == 400 and "Location" not in response.headers


def test_a_forged_host_over_real_http_is_refused_and_logged(live_server):
    events = EventLog()
    import logging

    logging.getLogger("minplan.security").addHandler(events)
    try:
        response = requests.get(
            live_server + "/logg-inn", headers={"Host": "evil.example"}, allow_redirects=False, timeout=5
        )
    finally:
        logging.getLogger("minplan.security").removeHandler(events)
    assert response.status_code == 400 and "evil.example" not in response.text
    assert [(e["event"], e["host"]) for e in events.events("host.untrusted")] == [("host.untrusted", "evil.example")]


def test_the_hosts_the_tests_use_are_trusted_by_default(client, live_server):
    assert query(client.get("/logg-inn").headers["Location"])["redirect_uri"] == "http://localhost/logg-inn/callback"
    response = requests.get(live_server + "/logg-inn", allow_redirects=False, timeout=5)
    assert query(response.headers["Location"])["redirect_uri"] == live_server + "/logg-inn/callback"


def test_behind_a_proxy_the_forwarded_host_is_checked(database_url, idp):
    app = make_app(database_url, PROXY_FIX=True, TRUSTED_HOSTS=["minplan.example.no"], **idp_config(idp))
    browser = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"}
    good = _login_start(browser, Host="backend:8000", **{"X-Forwarded-Host": "minplan.example.no", **forwarded})
    assert good.status_code == 303
    assert query(good.headers["Location"])["redirect_uri"] == "https://minplan.example.no/logg-inn/callback"
    forged = _login_start(browser, Host="backend:8000", **{"X-Forwarded-Host": "evil.example", **forwarded})
    assert forged.status_code == 400 and "evil.example" not in forged.get_data(as_text=True)
    assert _login_start(browser, Host="minplan.example.no").status_code == 303  # no proxy header: its own Host


def test_a_leading_dot_trusts_the_subdomains(database_url, idp):
    app = make_app(database_url, TRUSTED_HOSTS=[".minplan.example.no"], **idp_config(idp))
    browser = app.test_client()
    assert _login_start(browser, Host="askoy.minplan.example.no").status_code == 303
    assert _login_start(browser, Host="minplan.example.no.evil.example").status_code == 400


def test_production_needs_trusted_hosts(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS"):
        load_config(tmp_path, {**PRODUCTION, **ID_PORTEN, "TRUSTED_HOSTS": ""})
    config = load_config(tmp_path, {**PRODUCTION, **ID_PORTEN, "TRUSTED_HOSTS": "Minplan.example.no, .kommune.no"})
    assert config["TRUSTED_HOSTS"] == ["minplan.example.no", ".kommune.no"]


def test_development_trusts_this_machine_only(tmp_path):
    assert load_config(tmp_path, {"MINPLAN_ENV": "development"})["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
