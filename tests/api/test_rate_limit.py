"""Each consumer organisation has its own share of the API: one that uses it up waits, the others do not."""

from __future__ import annotations

import pytest

from app.api.configuration import settings
from app.settings_parsing import ConfigError
from tests.api.conftest import api_config
from tests.conftest import make_app


@pytest.fixture(scope="module")
def limited_app(app, database_url, maskinporten):
    limited = make_app(database_url, **api_config(maskinporten), RATELIMIT_ENABLED=True, FHIR_RATE_LIMIT="3 per minute")
    yield limited
    limited.extensions["db_engine"].dispose()


def test_an_organisation_past_its_share_waits_and_the_others_do_not(limited_app, maskinporten):
    client = limited_app.test_client()
    askoy = {"Authorization": f"Bearer {maskinporten.systems['askoy'].token()}"}
    horten = {"Authorization": f"Bearer {maskinporten.systems['horten'].token()}"}

    statuses = [client.get("/fhir/Goal?_count=1", headers=askoy).status_code for _ in range(3)]
    refused = client.get("/fhir/Goal?_count=1", headers=askoy)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.get_json()["issue"][0]["code"] == "throttled"
    assert client.get("/fhir/Goal?_count=1", headers=horten).status_code == 200


def test_a_rate_limit_that_does_not_parse_stops_the_start():
    with pytest.raises(ConfigError):
        settings({"FHIR_RATE_LIMIT": "lots"}, production=False)
