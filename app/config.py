"""Settings from environment variables, with safe defaults for local use.

Production is chosen with MINPLAN_ENV=production; then every secret must come from the
environment and nothing meant for development (the ID-porten stand-in, synthetic identity
numbers) can be switched on.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from app import assurance_levels

ENVIRONMENTS = ("development", "test", "production")


class ConfigError(RuntimeError):
    """The environment asks for something this service must not run with."""


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _dev_secret(instance_path: Path) -> str:
    """A random key kept in instance/ so local logins survive a restart."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: Path, env: dict[str, str] | None = None) -> dict:
    env = dict(os.environ if env is None else env)
    environment = env.get("MINPLAN_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"MINPLAN_ENV must be one of {ENVIRONMENTS}, got {environment!r}")
    production = environment == "production"

    secret_key = env.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production")
        secret_key = _dev_secret(instance_path)

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'minplan.sqlite3'}"
    if production and database_url.startswith("sqlite"):
        raise ConfigError("Production needs PostgreSQL: set DATABASE_URL")

    return {
        **_idporten(env, production),
        **_owner(env, production),
        "TRUSTED_HOSTS": _trusted_hosts(env, production),
        "ENV_NAME": environment,
        "PRODUCTION": production,
        "TESTING": environment == "test",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "REDIS_URL": env.get("REDIS_URL", ""),
        "READ_ALOUD_SERVICE_URL": _read_aloud_service_url(env, production),
        # The test suite logs in hundreds of times a minute from one address; its own test
        # of the limits switches them on again.
        "RATELIMIT_ENABLED": environment != "test",
        "SESSION_IDLE_MINUTES": _int(env, "SESSION_IDLE_MINUTES", 30),
        "SESSION_ABSOLUTE_MINUTES": _int(env, "SESSION_ABSOLUTE_MINUTES", 120),
        "SESSION_COOKIE_NAME": "minplan_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies whenever the service is reached over HTTPS; locally it is plain HTTP.
        "SESSION_COOKIE_SECURE": production or env.get("SESSION_COOKIE_SECURE") == "1",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Forms here are small; anything larger is an attack or a mistake.
        "MAX_CONTENT_LENGTH": _int(env, "MAX_CONTENT_LENGTH", 256 * 1024),
        "MAX_FORM_MEMORY_SIZE": _int(env, "MAX_CONTENT_LENGTH", 256 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session, no shorter
        "WTF_CSRF_SSL_STRICT": production,
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "PROXY_FIX": env.get("PROXY_FIX") == "1",
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
    }


# Who runs this Min plan: the municipality (behandlingsansvarlig), named on the front page and in
# every page's footer. The demo's owner is a made-up contact for Askøy kommune; in production each
# value comes from the environment, and what is not set is not shown.
DEMO_OWNER = {
    "OWNER_NAME": "Askøy kommune",
    "OWNER_UNIT": "Koordinerende enhet",
    "OWNER_PHONE": "56 15 00 00",
    "OWNER_EMAIL": "minplan@askoy.kommune.example",
    "OWNER_ADDRESS": "Postboks 1, 5323 Kleppestø",
    "OWNER_WEB": "https://www.askoy.kommune.example",
}


def _owner(env: dict[str, str], production: bool) -> dict:
    owner = {key: env.get(key, "" if production else default).strip() for key, default in DEMO_OWNER.items()}
    web = owner["OWNER_WEB"]
    if web and not web.startswith(("https://", "http://")):
        raise ConfigError(f"OWNER_WEB must be a web address (https://…), got {web!r}")
    return owner


# Where the app is reached on a developer's machine and in the tests (`make run`, Flask's test
# client, the live test servers).
DEV_TRUSTED_HOSTS = ["localhost", "127.0.0.1"]


def _trusted_hosts(env: dict[str, str], production: bool) -> list[str]:
    """The host names the app is served under: every absolute URL it builds names one of them."""
    hosts = [h.strip().lower() for h in env.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if hosts:
        return hosts
    if production:
        raise ConfigError("Production needs TRUSTED_HOSTS: the host name(s) Min plan is served under")
    return list(DEV_TRUSTED_HOSTS)


def _read_aloud_service_url(env: dict[str, str], production: bool) -> str:
    """The municipality's read-aloud service (text in, audio out), or "" for the browser's own
    voices. An https URL, or a path on this host (a proxy that holds the service's key);
    plain http only on a developer's own machine."""
    url = env.get("READ_ALOUD_SERVICE_URL", "").strip()
    if not url or (url.startswith("/") and not url.startswith("//")):
        return url
    parts = urlsplit(url)
    loopback = parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1") and not production
    if not parts.hostname or parts.username or (parts.scheme != "https" and not loopback):
        raise ConfigError("READ_ALOUD_SERVICE_URL must be an https URL or a path on this host")
    return url


# Where `make run` starts the local ID-porten stand-in (devidp/), and the client it registers.
DEV_IDP_DISCOVERY_URL = "http://127.0.0.1:5001/.well-known/openid-configuration"
DEV_CLIENT_ID = "minplan-dev"
DEV_CLIENT_SECRET = "minplan-dev-secret-not-for-production"
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")


def _idporten(env: dict[str, str], production: bool) -> dict:
    """The ID-porten client: discovery URL, client id and client authentication, nothing else."""
    discovery_url = env.get("IDPORTEN_DISCOVERY_URL") or ("" if production else DEV_IDP_DISCOVERY_URL)
    client_id = env.get("IDPORTEN_CLIENT_ID") or ("" if production else DEV_CLIENT_ID)
    key_file = env.get("IDPORTEN_CLIENT_KEY_FILE", "")
    secret = env.get("IDPORTEN_CLIENT_SECRET") or ("" if production or key_file else DEV_CLIENT_SECRET)
    method = env.get("IDPORTEN_CLIENT_AUTH_METHOD") or ("private_key_jwt" if key_file else "client_secret_basic")
    acr = env.get("IDPORTEN_ACR") or assurance_levels.HIGH
    if method not in CLIENT_AUTH_METHODS:
        raise ConfigError(f"IDPORTEN_CLIENT_AUTH_METHOD must be one of {CLIENT_AUTH_METHODS}, got {method!r}")
    if method == "private_key_jwt" and not (key_file and env.get("IDPORTEN_CLIENT_KEY_ID")):
        raise ConfigError("private_key_jwt needs IDPORTEN_CLIENT_KEY_FILE and IDPORTEN_CLIENT_KEY_ID")
    if method != "private_key_jwt" and not secret:
        raise ConfigError(f"{method} needs IDPORTEN_CLIENT_SECRET")
    if not assurance_levels.is_known(acr):
        raise ConfigError(f"IDPORTEN_ACR must be one of {assurance_levels.LEVELS}, got {acr!r}")
    if production:
        if not discovery_url.startswith("https://") or not client_id:
            raise ConfigError("Production needs IDPORTEN_DISCOVERY_URL (https) and IDPORTEN_CLIENT_ID")
        if secret == DEV_CLIENT_SECRET or client_id == DEV_CLIENT_ID or _is_loopback(discovery_url):
            raise ConfigError("The ID-porten stand-in cannot be used in production")
    return {
        "IDPORTEN_DISCOVERY_URL": discovery_url,
        "IDPORTEN_CLIENT_ID": client_id,
        "IDPORTEN_CLIENT_SECRET": secret,
        "IDPORTEN_CLIENT_AUTH_METHOD": method,
        "IDPORTEN_CLIENT_KEY_FILE": key_file,
        "IDPORTEN_CLIENT_KEY_ID": env.get("IDPORTEN_CLIENT_KEY_ID", ""),
        "IDPORTEN_ACR": acr,
        # Synthetic identity numbers (TestID) are for development and tests only.
        "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": not production,
    }


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
