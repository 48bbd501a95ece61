"""Production trusts only Maskinporten itself and names every consumer; development trusts the stand-in."""

from __future__ import annotations

import pytest

from app.api.configuration import DEMO_ORGNOS, settings, valid_orgno
from app.settings_parsing import ConfigError
from tests.conftest import make_app

PRODUCTION = {
    "FHIR_MASKINPORTEN_ISSUER": "https://maskinporten.no/",
    "FHIR_AUDIENCE": "https://minplan.askoy.kommune.no/fhir",
}


@pytest.mark.parametrize("issuer", ["http://127.0.0.1:5405/", "https://localhost:5405/", "http://maskinporten.no/"])
def test_production_refuses_the_stand_in_or_any_issuer_but_an_https_one(issuer):
    with pytest.raises(ConfigError):
        settings({**PRODUCTION, "FHIR_MASKINPORTEN_ISSUER": issuer}, production=True)


def test_production_without_an_issuer_keeps_the_api_closed(database_url, app):
    closed = make_app(database_url, FHIR_MASKINPORTEN_ISSUER="", FHIR_MASKINPORTEN_JWKS_URL="")
    found = settings({}, production=True)

    response = closed.test_client().get(
        "/fhir/CarePlan", headers={"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.x"}
    )

    assert (found["FHIR_MASKINPORTEN_ISSUER"], found["FHIR_CONSUMERS"]) == ("", {})
    assert response.status_code == 401
    closed.extensions["db_engine"].dispose()


def test_production_needs_the_apis_audience():
    with pytest.raises(ConfigError):
        settings({**PRODUCTION, "FHIR_AUDIENCE": ""}, production=True)


def test_production_lets_in_only_the_consumers_it_is_told_of():
    assert settings(PRODUCTION, production=True)["FHIR_CONSUMERS"] == {}
    named = settings({**PRODUCTION, "FHIR_CONSUMERS": "310900028=askoy"}, production=True)
    assert named["FHIR_CONSUMERS"] == {"310900028": "askoy"}
    assert named["FHIR_MASKINPORTEN_JWKS_URL"] == "https://maskinporten.no/jwk"


@pytest.mark.parametrize("consumers", ["310900029=askoy", "askoy", "310900028="])
def test_a_consumer_list_with_a_wrong_organisation_number_stops_the_start(consumers):
    with pytest.raises(ConfigError):
        settings({"FHIR_CONSUMERS": consumers}, production=False)


def test_development_trusts_the_stand_in_and_the_demo_municipalities():
    found = settings({}, production=False)

    assert found["FHIR_MASKINPORTEN_ISSUER"] == "http://127.0.0.1:5405/"
    assert found["FHIR_CONSUMERS"] == DEMO_ORGNOS
    assert all(valid_orgno(orgno) for orgno in DEMO_ORGNOS)
    assert (found["FHIR_READ_SCOPE"], found["FHIR_WRITE_SCOPE"]) == ("minplan:read", "minplan:write")
