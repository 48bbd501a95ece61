"""The stand-in answers as the register does, and only where it may run."""

from __future__ import annotations

import pytest

from app.contact_register.configuration import DEV_TOKEN
from devidp.guards import StandInRefused
from devstandins import krr
from tests.contact_register.conftest import NOBODY, PER

AUTH = {"Authorization": f"Bearer {DEV_TOKEN}"}


def test_it_answers_in_the_registers_shape():
    client = krr.create_app(environment="test").test_client()
    answer = client.post("/rest/v1/personer", json={"personidentifikatorer": [PER, NOBODY]}, headers=AUTH).get_json()
    per, nobody = answer["personer"]
    assert (per["personidentifikator"], per["reservasjon"], per["status"]) == (PER, "JA", "AKTIV")
    assert "kontaktinformasjon" not in per
    assert nobody == {"personidentifikator": NOBODY, "status": "IKKE_REGISTRERT"}


def test_it_refuses_without_the_token_and_too_many_at_once():
    client = krr.create_app(environment="test").test_client()
    assert client.post("/rest/v1/personer", json={"personidentifikatorer": [PER]}).status_code == 401
    too_many = {"personidentifikatorer": [NOBODY] * 1001}
    assert client.post("/rest/v1/personer", json=too_many, headers=AUTH).status_code == 400
    assert client.post("/rest/v1/personer", data="[", headers=AUTH).status_code == 400


def test_every_demo_person_is_in_it_with_made_up_addresses():
    from app.demo.data import PERSONS

    register = krr.demo_register()
    assert set(register) == {p["pid"] for p in PERSONS}
    emails = [e["kontaktinformasjon"]["epostadresse"] for e in register.values() if "kontaktinformasjon" in e]
    assert emails and all(email.endswith("@example.no") for email in emails)


def test_it_will_not_run_in_production_or_off_loopback(capsys):
    with pytest.raises(StandInRefused):
        krr.create_app(environment="production")
    assert krr.main(["--host", "0.0.0.0", "--port", "5003"]) == 2
    assert "loopback" in capsys.readouterr().err
