"""Production talks to the real register with a Maskinporten client, and refuses anything else."""

from __future__ import annotations

import pytest
from joserfc.jwk import RSAKey

from app.config import ConfigError, load_config
from app.contact_register import settings
from app.contact_register.configuration import DEV_TOKEN


@pytest.fixture
def production_env(tmp_path):
    key_file = tmp_path / "maskinporten.pem"
    key_file.write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
    return {
        "KRR_URL": "https://kontaktregisteret.no",
        "MASKINPORTEN_ISSUER": "https://maskinporten.no/",
        "MASKINPORTEN_CLIENT_ID": "a-client-id",
        "MASKINPORTEN_KEY_ID": "a-key-id",
        "MASKINPORTEN_KEY_PATH": str(key_file),
    }


def test_production_with_a_maskinporten_client(production_env):
    found = settings(production_env, production=True)
    assert found["KRR_URL"] == "https://kontaktregisteret.no"
    assert found["MASKINPORTEN_TOKEN_URL"] == "https://maskinporten.no/token"
    assert found["KRR_SCOPE"] == "krr:global/kontaktinformasjon.read"
    assert not found["KRR_STANDIN"] and found["KRR_DEV_TOKEN"] == ""


@pytest.mark.parametrize(
    "change",
    [
        {"KRR_URL": "http://127.0.0.1:5003"},
        {"KRR_URL": "https://localhost:5003"},
        {"KRR_STANDIN": "1"},
        {"KRR_URL": ""},
        {"KRR_URL": "http://kontaktregisteret.no"},
    ],
)
def test_production_refuses_the_stand_in_and_plain_http(production_env, change):
    with pytest.raises(ConfigError, match="KRR"):
        settings({**production_env, **change}, production=True)


@pytest.mark.parametrize(
    "missing", ["MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_KEY_ID", "MASKINPORTEN_KEY_PATH"]
)
def test_production_needs_every_maskinporten_setting(production_env, missing):
    env = {key: value for key, value in production_env.items() if key != missing}
    with pytest.raises(ConfigError, match=missing):
        settings(env, production=True)


def test_production_refuses_a_local_maskinporten_and_a_missing_key(production_env, tmp_path):
    with pytest.raises(ConfigError, match="MASKINPORTEN_TOKEN_URL"):
        settings({**production_env, "MASKINPORTEN_TOKEN_URL": "http://127.0.0.1:9/token"}, production=True)
    with pytest.raises(ConfigError, match="MASKINPORTEN_KEY_PATH"):
        settings({**production_env, "MASKINPORTEN_KEY_PATH": str(tmp_path / "gone.pem")}, production=True)


def test_development_uses_the_stand_in_with_its_token():
    found = settings({}, production=False)
    assert found["KRR_URL"] == "http://127.0.0.1:5003"
    assert found["KRR_STANDIN"] and found["KRR_DEV_TOKEN"] == DEV_TOKEN


@pytest.mark.parametrize(
    "name, value", [("KRR_TIMEOUT_SECONDS", "soon"), ("KRR_TIMEOUT_SECONDS", "0"), ("KRR_CACHE_SECONDS", "86400")]
)
def test_unusable_waits_are_refused(name, value):
    with pytest.raises(ConfigError, match=name):
        settings({name: value}, production=False)


def test_the_apps_configuration_carries_the_registers_settings(tmp_path):
    config = load_config(tmp_path, {"MINPLAN_ENV": "development", "KRR_URL": "http://127.0.0.1:5999"})
    assert config["KRR_URL"] == "http://127.0.0.1:5999" and config["KRR_DEV_TOKEN"] == DEV_TOKEN
    with pytest.raises(ConfigError, match="KRR_URL"):
        load_config(tmp_path, {"MINPLAN_ENV": "development", "KRR_URL": "kontaktregisteret"})
