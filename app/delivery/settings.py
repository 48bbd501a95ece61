"""The delivery settings from the environment. Outside production they point at the local
stand-ins (`make run` starts them); production refuses the stand-ins and plain-text SMTP."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.settings_parsing import ConfigError
from app.settings_parsing import int_setting as _int
from app.settings_parsing import is_loopback as _is_loopback

# Where `make run` starts the stand-ins (devstandins/), and the SMS stand-in's login.
DEV_SMTP_PORT = 5025
DEV_SMS_GATEWAY_URL = "http://127.0.0.1:5004"
DEV_SMS_USER = "minplan-dev"
DEV_SMS_PASSWORD = "dev-sms-password-not-for-production"
TRUE = ("1", "true", "yes", "on")


def settings(env: dict[str, str], production: bool) -> dict:
    def flag(name: str, default: bool) -> bool:
        raw = env.get(name, "").strip().lower()
        return default if raw == "" else raw in TRUE

    implicit_tls = flag("SMTP_IMPLICIT_TLS", False)
    starttls = flag("SMTP_STARTTLS", production and not implicit_tls)
    host = env.get("SMTP_HOST", "").strip() or ("" if production else "127.0.0.1")
    config = {
        "SMTP_HOST": host,
        "SMTP_PORT": _int(env, "SMTP_PORT", 465 if implicit_tls else 587 if production else DEV_SMTP_PORT),
        "SMTP_STARTTLS": starttls,
        "SMTP_IMPLICIT_TLS": implicit_tls,
        "SMTP_CA_FILE": env.get("SMTP_CA_FILE", ""),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": env.get("SMTP_FROM", "").strip() or ("" if production else "Min plan <minplan@localhost>"),
        "SMTP_REPLY_TO": env.get("SMTP_REPLY_TO", "").strip(),
        "SMTP_TIMEOUT": _int(env, "SMTP_TIMEOUT", 10),
        # A worker keeps its connection to the mail server between notices (0: one per notice).
        "SMTP_KEEP_OPEN_SECONDS": _int(env, "SMTP_KEEP_OPEN_SECONDS", 30),
        "SMTP_MESSAGES_PER_CONNECTION": _int(env, "SMTP_MESSAGES_PER_CONNECTION", 100),
        "SMS_GATEWAY_URL": env.get("SMS_GATEWAY_URL", "").strip() or ("" if production else DEV_SMS_GATEWAY_URL),
        "SMS_GATEWAY_USER": env.get("SMS_GATEWAY_USER", "") or ("" if production else DEV_SMS_USER),
        "SMS_GATEWAY_PASSWORD": env.get("SMS_GATEWAY_PASSWORD", "") or ("" if production else DEV_SMS_PASSWORD),
        "SMS_GATEWAY_TOKEN": env.get("SMS_GATEWAY_TOKEN", ""),
        "SMS_SENDER": env.get("SMS_SENDER", "").strip() or ("" if production else "MinPlan"),
        "SMS_PLATFORM_ID": env.get("SMS_PLATFORM_ID", ""),
        "SMS_PLATFORM_PARTNER_ID": env.get("SMS_PLATFORM_PARTNER_ID", ""),
        "SMS_TIMEOUT": _int(env, "SMS_TIMEOUT", 10),
        # The file the stand-ins store what they receive in; the developer's page reads it.
        "DEV_MAILBOX_PATH": "" if production else env.get("DEV_MAILBOX_PATH", ""),
    }
    if production:
        _refuse_standins(env, config, ConfigError, _is_loopback)
    return config


def _refuse_standins(env: dict[str, str], config: dict, ConfigError, is_loopback) -> None:
    if env.get("DELIVERY_STANDIN", "").strip().lower() in TRUE:
        raise ConfigError("The local e-mail and SMS stand-ins cannot be used in production (DELIVERY_STANDIN)")
    if not config["SMTP_HOST"] or not config["SMTP_FROM"]:
        raise ConfigError("Production needs SMTP_HOST and SMTP_FROM")
    if is_loopback(f"smtp://{config['SMTP_HOST']}"):
        raise ConfigError("The local SMTP stand-in cannot be used in production (SMTP_HOST is this machine)")
    if not (config["SMTP_STARTTLS"] or config["SMTP_IMPLICIT_TLS"]):
        raise ConfigError("Production sends e-mail over TLS only: set SMTP_STARTTLS=1 or SMTP_IMPLICIT_TLS=1")
    url = config["SMS_GATEWAY_URL"]
    if urlsplit(url).scheme != "https" or not urlsplit(url).hostname or is_loopback(url):
        raise ConfigError("Production needs SMS_GATEWAY_URL: the SMS gateway's https address, not the stand-in")
    if config["SMS_GATEWAY_PASSWORD"] == DEV_SMS_PASSWORD:
        raise ConfigError("The SMS stand-in's password cannot be used in production")
    if not (config["SMS_GATEWAY_TOKEN"] or (config["SMS_GATEWAY_USER"] and config["SMS_GATEWAY_PASSWORD"])):
        raise ConfigError("Production needs SMS_GATEWAY_TOKEN, or SMS_GATEWAY_USER and SMS_GATEWAY_PASSWORD")
    if not config["SMS_SENDER"]:
        raise ConfigError("Production needs SMS_SENDER: the name or number the SMS comes from")
