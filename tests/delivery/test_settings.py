"""Delivery settings: the stand-ins outside production, never in it, and TLS required there."""

from __future__ import annotations

import pytest

from app.config import ConfigError, load_config
from app.delivery import settings
from devstandins import sms as sms_standin
from devstandins import smtp as smtp_standin

REAL = {
    "SMTP_HOST": "smtp.example.no",
    "SMTP_FROM": "Min plan <minplan@example.no>",
    "SMS_GATEWAY_URL": "https://sms.example.no",
    "SMS_GATEWAY_USER": "minplan",
    "SMS_GATEWAY_PASSWORD": "an-sms-secret",
    "SMS_SENDER": "Askoy",
}


def test_development_points_at_the_local_stand_ins(tmp_path):
    config = load_config(tmp_path, {"MINPLAN_ENV": "development"})
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_STARTTLS"]) == ("127.0.0.1", 5025, False)
    assert config["SMS_GATEWAY_URL"] == "http://127.0.0.1:5004"


def test_production_uses_starttls_by_default():
    config = settings(REAL, production=True)
    assert config["SMTP_STARTTLS"] is True and config["SMTP_PORT"] == 587
    assert config["DEV_MAILBOX_PATH"] == ""
    implicit = settings({**REAL, "SMTP_IMPLICIT_TLS": "1"}, production=True)
    assert (implicit["SMTP_IMPLICIT_TLS"], implicit["SMTP_STARTTLS"], implicit["SMTP_PORT"]) == (True, False, 465)


@pytest.mark.parametrize(
    "change",
    [
        {"SMTP_HOST": "localhost"},
        {"SMTP_HOST": "127.0.0.1"},
        {"SMTP_HOST": ""},
        {"SMTP_FROM": ""},
        {"SMTP_STARTTLS": "0"},
        {"DELIVERY_STANDIN": "1"},
        {"SMS_GATEWAY_URL": "http://127.0.0.1:5004"},
        {"SMS_GATEWAY_URL": "https://localhost:5004"},
        {"SMS_GATEWAY_URL": "http://sms.example.no"},
        {"SMS_GATEWAY_URL": ""},
        {"SMS_GATEWAY_PASSWORD": "dev-sms-password-not-for-production"},
        {"SMS_GATEWAY_USER": "", "SMS_GATEWAY_PASSWORD": ""},
        {"SMS_SENDER": ""},
    ],
)
def test_production_refuses_the_stand_ins_and_plain_text(change):
    with pytest.raises(ConfigError):
        settings({**REAL, **change}, production=True)


@pytest.mark.parametrize("program", [smtp_standin.main, sms_standin.main])
def test_the_stand_ins_refuse_to_run_in_production_or_off_this_machine(monkeypatch, program):
    monkeypatch.setenv("MINPLAN_ENV", "production")
    assert program(["--port", "0"]) == 2
    monkeypatch.setenv("MINPLAN_ENV", "development")
    assert program(["--host", "0.0.0.0", "--port", "0"]) == 2
