"""ID-porten settings come from the environment; production refuses anything meant for development."""

from __future__ import annotations

import pytest

from app.config import DEV_CLIENT_ID, DEV_CLIENT_SECRET, ConfigError, load_config

PRODUCTION = {
    "MINPLAN_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "DATABASE_URL": "postgresql://db/minplan",
    "TRUSTED_HOSTS": "minplan.example.no",
    # The municipality's own provider for staff (here shaped like Entra ID's).
    "STAFF_OIDC_DISCOVERY_URL": "https://login.example.no/tenant/v2.0/.well-known/openid-configuration",
    "STAFF_OIDC_CLIENT_ID": "minplan-staff",
    "STAFF_OIDC_CLIENT_SECRET": "a-staff-secret",
    # The contact register, with Min plan's Maskinporten client (tests/contact_register/ checks these).
    "KRR_URL": "https://kontaktregisteret.no",
    "MASKINPORTEN_ISSUER": "https://maskinporten.no/",
    "MASKINPORTEN_CLIENT_ID": "minplan-maskinporten",
    "MASKINPORTEN_KEY_ID": "minplan-key",
    "MASKINPORTEN_KEY": "-----BEGIN PRIVATE KEY-----",
    # Where notices are sent from (tests/delivery/test_settings.py checks these).
    "SMTP_HOST": "smtp.example.no",
    "SMTP_FROM": "Min plan <minplan@example.no>",
    "SMS_GATEWAY_URL": "https://sms.example.no",
    "SMS_GATEWAY_USER": "minplan",
    "SMS_GATEWAY_PASSWORD": "an-sms-secret",
    "SMS_SENDER": "Askoy",
    # The notices' queue, shared by the workers, and the address their links point at.
    "TASK_QUEUE_URL": "redis://redis:6379/1",
    "PUBLIC_URL": "https://minplan.example.no",
}
ID_PORTEN = {
    "IDPORTEN_DISCOVERY_URL": "https://idporten.no/.well-known/openid-configuration",
    "IDPORTEN_CLIENT_ID": "our-client",
    "IDPORTEN_CLIENT_SECRET": "a-secret",
}


def test_development_defaults_to_the_local_stand_in(tmp_path):
    config = load_config(tmp_path, {"MINPLAN_ENV": "development"})
    assert config["IDPORTEN_DISCOVERY_URL"].startswith("http://127.0.0.1:5001/")
    assert config["IDPORTEN_CLIENT_ID"] == DEV_CLIENT_ID and config["IDPORTEN_ACR"] == "idporten-loa-high"
    assert config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"] is True


def test_production_with_real_settings_starts(tmp_path):
    config = load_config(tmp_path, {**PRODUCTION, **ID_PORTEN})
    assert config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"] is False
    assert config["IDPORTEN_CLIENT_AUTH_METHOD"] == "client_secret_basic"


@pytest.mark.parametrize(
    "change",
    [
        {"IDPORTEN_DISCOVERY_URL": ""},
        {"IDPORTEN_DISCOVERY_URL": "http://idporten.no/.well-known/openid-configuration"},
        {"IDPORTEN_DISCOVERY_URL": "https://127.0.0.1:5001/.well-known/openid-configuration"},
        {"IDPORTEN_DISCOVERY_URL": "https://localhost/.well-known/openid-configuration"},
        {"IDPORTEN_CLIENT_ID": ""},
        {"IDPORTEN_CLIENT_ID": DEV_CLIENT_ID},
        {"IDPORTEN_CLIENT_SECRET": ""},
        {"IDPORTEN_CLIENT_SECRET": DEV_CLIENT_SECRET},
        {"IDPORTEN_CLIENT_AUTH_METHOD": "none"},
        {"IDPORTEN_CLIENT_AUTH_METHOD": "private_key_jwt"},
        {"IDPORTEN_ACR": "Level3"},
    ],
    ids=lambda change: "-".join(f"{k}={v[:20]}" for k, v in change.items()),
)
def test_production_refuses_missing_or_development_settings(tmp_path, change):
    with pytest.raises(ConfigError):
        load_config(tmp_path, {**PRODUCTION, **ID_PORTEN, **change})


def test_private_key_jwt_is_chosen_when_a_key_file_is_given(tmp_path):
    config = load_config(
        tmp_path,
        {
            **PRODUCTION,
            **ID_PORTEN,
            "IDPORTEN_CLIENT_SECRET": "",
            "IDPORTEN_CLIENT_KEY_FILE": "/run/secrets/idporten.pem",
            "IDPORTEN_CLIENT_KEY_ID": "key-2026",
        },
    )
    assert config["IDPORTEN_CLIENT_AUTH_METHOD"] == "private_key_jwt"


def test_the_level_can_be_lowered_by_configuration(tmp_path):
    config = load_config(tmp_path, {"IDPORTEN_ACR": "idporten-loa-substantial"})
    assert config["IDPORTEN_ACR"] == "idporten-loa-substantial"


def test_staff_provider_settings_come_from_the_environment(tmp_path):
    config = load_config(tmp_path, {**PRODUCTION, **ID_PORTEN})
    assert config["STAFF_OIDC_CLIENT_ID"] == "minplan-staff" and config["STAFF_OIDC_REQUIRED_AMR"] == "mfa"


@pytest.mark.parametrize(
    "change",
    [
        {"STAFF_OIDC_DISCOVERY_URL": ""},
        {"STAFF_OIDC_DISCOVERY_URL": "http://127.0.0.1:5002/.well-known/openid-configuration"},
        {"STAFF_OIDC_CLIENT_SECRET": "dev-staff-secret-not-for-production"},
        {"STAFF_OIDC_REQUIRED_AMR": "", "STAFF_OIDC_REQUIRED_ACR": ""},
    ],
)
def test_production_refuses_a_staff_login_meant_for_development_or_without_multi_factor(tmp_path, change):
    with pytest.raises(ConfigError):
        load_config(tmp_path, {**PRODUCTION, **ID_PORTEN, **change})


@pytest.mark.parametrize(
    ("setting", "value", "complaint"),
    [
        ("PUBLIC_URL", "", "PUBLIC_URL"),
        ("PUBLIC_URL", "http://minplan.example.no", "PUBLIC_URL"),
        ("TASK_QUEUE_URL", "sqlite:////var/lib/minplan/tasks.sqlite3", "TASK_QUEUE_URL"),
        ("TASK_QUEUE_URL", "memory://", "TASK_QUEUE_URL"),
    ],
)
def test_production_needs_a_shared_queue_and_its_own_https_address_for_notices(tmp_path, setting, value, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_config(tmp_path, {**PRODUCTION, **ID_PORTEN, setting: value})
