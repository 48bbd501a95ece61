"""Settings from environment variables, with safe defaults for local use.

Production is chosen with MINPLAN_ENV=production; then every secret must come from the
environment and nothing meant for development (the ID-porten stand-in, synthetic identity
numbers) can be switched on.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from app import assurance_levels
from app.api.configuration import settings as api_settings
from app.contact_register.configuration import settings as contact_register_settings
from app.delivery.settings import settings as delivery_settings
from app.settings_parsing import ConfigError
from app.settings_parsing import int_setting as _int
from app.settings_parsing import is_loopback as _is_loopback

ENVIRONMENTS = ("development", "test", "production")


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
        **_staff_idp(env, production),
        **_owner(env, production),
        **contact_register_settings(env, production),
        **delivery_settings(env, production),
        **api_settings(env, production),
        **_notices(env, production, instance_path),
        "TRUSTED_HOSTS": _trusted_hosts(env, production),
        "ENV_NAME": environment,
        "PRODUCTION": production,
        "TESTING": environment == "test",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        **_database_limits(env, environment),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "METRICS_TOKEN": _metrics_token(env),
        "READ_ALOUD_SERVICE_URL": _read_aloud_service_url(env, production),
        # The test suite logs in hundreds of times a minute from one address; its own test
        # of the limits switches them on again.
        "RATELIMIT_ENABLED": environment != "test",
        "SESSION_IDLE_MINUTES": _int(env, "SESSION_IDLE_MINUTES", 30),
        "SESSION_ABSOLUTE_MINUTES": _int(env, "SESSION_ABSOLUTE_MINUTES", 120),
        # A working day: an hour's pause keeps the login, a day's work ends it.
        "STAFF_SESSION_IDLE_MINUTES": _int(env, "STAFF_SESSION_IDLE_MINUTES", 60),
        "STAFF_SESSION_ABSOLUTE_MINUTES": _int(env, "STAFF_SESSION_ABSOLUTE_MINUTES", 10 * 60),
        **_retention(env),
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


def _database_limits(env: dict[str, str], environment: str) -> dict:
    """How long a statement may run (PostgreSQL cuts it) and how long a request waits for a free
    connection: past either, the person gets a 503 with Retry-After, never a page that hangs.
    Migrations (alembic) and maintenance transactions (db.maintenance) run without the cut."""
    # Under the test suite six processes share two cores: a minute catches a hang without
    # failing a statement that was merely slow; the tests of the cut set their own.
    default_ms = 60_000 if environment == "test" else 5_000
    limits = {
        "DATABASE_STATEMENT_TIMEOUT_MS": _int(env, "DATABASE_STATEMENT_TIMEOUT_MS", default_ms),
        "DATABASE_POOL_TIMEOUT_S": _int(env, "DATABASE_POOL_TIMEOUT_S", 5),
        "DATABASE_POOL_SIZE": _int(env, "DATABASE_POOL_SIZE", 5),
        "DATABASE_MAX_OVERFLOW": _int(env, "DATABASE_MAX_OVERFLOW", 10),
    }
    if any(value < 0 for value in limits.values()):
        raise ConfigError("DATABASE_STATEMENT_TIMEOUT_MS and the DATABASE_POOL_* settings cannot be negative")
    return limits


def _metrics_token(env: dict[str, str]) -> str:
    """The scraper's bearer token for /metrics; unset, there are no metrics to read."""
    token = env.get("METRICS_TOKEN", "").strip()
    if token and len(token) < 32:
        raise ConfigError("METRICS_TOKEN must be at least 32 characters (or unset: no /metrics)")
    return token


def _notices(env: dict[str, str], production: bool, instance_path: Path) -> dict:
    """The task queue the notices go through, and the address their links point at."""
    public_url = env.get("PUBLIC_URL", "")
    if production and not public_url.startswith("https://"):
        raise ConfigError("PUBLIC_URL must be the service's https:// address in production (links in notices)")
    queue_url = env.get("TASK_QUEUE_URL") or (
        "memory://" if env.get("MINPLAN_ENV") == "test" else f"sqlite:///{instance_path / 'tasks.sqlite3'}"
    )
    if production and not queue_url.startswith(("redis://", "rediss://")):
        raise ConfigError("TASK_QUEUE_URL must be a Redis URL in production (several workers share it)")
    return {
        "PUBLIC_URL": public_url or "http://127.0.0.1:5000",
        "TASK_QUEUE_URL": queue_url,
        # The seconds before a retry (doubled each time), before the sweep takes an event the
        # commit did not hand over, and before a delivery a worker took is taken over.
        "NOTICE_RETRY_BASE_SECONDS": _int(env, "NOTICE_RETRY_BASE_SECONDS", 30),
        "NOTICE_SWEEP_AFTER_SECONDS": _int(env, "NOTICE_SWEEP_AFTER_SECONDS", 20),
        "NOTICE_CLAIM_TIMEOUT_SECONDS": _int(env, "NOTICE_CLAIM_TIMEOUT_SECONDS", 600),
    }


# Notices are read for 30 days after they were sent (the failed notices, the reminders' dates):
# a shorter retention would show the KE less than it says, or write a reminder twice.
MINIMUM_NOTICE_RETENTION_DAYS = 31


def _retention(env: dict[str, str]) -> dict:
    """How long ended sessions and finished notices are kept (app/services/retention.py), and how
    many rows one delete statement may take, so a big backlog never locks a table for long."""
    notice_days = _int(env, "NOTICE_RETENTION_DAYS", 90)
    if notice_days < MINIMUM_NOTICE_RETENTION_DAYS:
        raise ConfigError(f"NOTICE_RETENTION_DAYS must be at least {MINIMUM_NOTICE_RETENTION_DAYS}, got {notice_days}")
    batch = _int(env, "MAINTENANCE_BATCH_ROWS", 1000)
    if batch < 1:
        raise ConfigError(f"MAINTENANCE_BATCH_ROWS must be at least 1, got {batch}")
    return {
        # A day: a form written in a session that ended overnight is still kept for its person.
        "SESSION_PURGE_GRACE_MINUTES": _int(env, "SESSION_PURGE_GRACE_MINUTES", 24 * 60),
        "NOTICE_RETENTION_DAYS": notice_days,
        "MAINTENANCE_BATCH_ROWS": batch,
    }


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


def _oidc_client(env: dict[str, str], production: bool, prefix: str, dev: tuple[str, str, str]) -> dict:
    """An OpenID Connect client (app/auth/oidc.py): discovery URL, client id and client
    authentication under `prefix`, with the local stand-in's `dev` (discovery URL, client id,
    secret) outside production."""
    dev_discovery, dev_client_id, dev_secret = dev
    discovery_url = env.get(f"{prefix}_DISCOVERY_URL") or ("" if production else dev_discovery)
    client_id = env.get(f"{prefix}_CLIENT_ID") or ("" if production else dev_client_id)
    key_file = env.get(f"{prefix}_CLIENT_KEY_FILE", "")
    secret = env.get(f"{prefix}_CLIENT_SECRET") or ("" if production or key_file else dev_secret)
    method = env.get(f"{prefix}_CLIENT_AUTH_METHOD") or ("private_key_jwt" if key_file else "client_secret_basic")
    if method not in CLIENT_AUTH_METHODS:
        raise ConfigError(f"{prefix}_CLIENT_AUTH_METHOD must be one of {CLIENT_AUTH_METHODS}, got {method!r}")
    if method == "private_key_jwt" and not (key_file and env.get(f"{prefix}_CLIENT_KEY_ID")):
        raise ConfigError(f"private_key_jwt needs {prefix}_CLIENT_KEY_FILE and {prefix}_CLIENT_KEY_ID")
    if method != "private_key_jwt" and not secret:
        raise ConfigError(f"{method} needs {prefix}_CLIENT_SECRET")
    if production:
        if not discovery_url.startswith("https://") or not client_id:
            raise ConfigError(f"Production needs {prefix}_DISCOVERY_URL (https) and {prefix}_CLIENT_ID")
        if secret == dev_secret or client_id == dev_client_id or _is_loopback(discovery_url):
            raise ConfigError(f"The local stand-in cannot be used in production ({prefix})")
    return {
        f"{prefix}_DISCOVERY_URL": discovery_url,
        f"{prefix}_CLIENT_ID": client_id,
        f"{prefix}_CLIENT_SECRET": secret,
        f"{prefix}_CLIENT_AUTH_METHOD": method,
        f"{prefix}_CLIENT_KEY_FILE": key_file,
        f"{prefix}_CLIENT_KEY_ID": env.get(f"{prefix}_CLIENT_KEY_ID", ""),
    }


def _idporten(env: dict[str, str], production: bool) -> dict:
    """The ID-porten client, and the level every login must reach."""
    acr = env.get("IDPORTEN_ACR") or assurance_levels.HIGH
    if not assurance_levels.is_known(acr):
        raise ConfigError(f"IDPORTEN_ACR must be one of {assurance_levels.LEVELS}, got {acr!r}")
    return {
        **_oidc_client(env, production, "IDPORTEN", (DEV_IDP_DISCOVERY_URL, DEV_CLIENT_ID, DEV_CLIENT_SECRET)),
        "IDPORTEN_ACR": acr,
        # Synthetic identity numbers (TestID) are for development and tests only.
        "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": not production,
    }


# Where `make run` starts the staff provider's stand-in (devidp, staff realm), and its client.
DEV_STAFF_IDP_DISCOVERY_URL = "http://127.0.0.1:5002/.well-known/openid-configuration"
DEV_STAFF_CLIENT_ID = "minplan-staff-dev"
DEV_STAFF_CLIENT_SECRET = "dev-staff-secret-not-for-production"


def _staff_idp(env: dict[str, str], production: bool) -> dict:
    """The municipality's own provider for staff (Entra ID or any OpenID Connect provider), and
    what its id_token must show of a multi-factor login: an `amr` value (Entra ID and most
    providers say "mfa"), an `acr` value, or both; at least one of them in production."""
    required_amr = env.get("STAFF_OIDC_REQUIRED_AMR", "mfa").strip()
    required_acr = env.get("STAFF_OIDC_REQUIRED_ACR", "").strip()
    if production and not (required_amr or required_acr):
        raise ConfigError("Production needs STAFF_OIDC_REQUIRED_AMR or STAFF_OIDC_REQUIRED_ACR (multi-factor)")
    return {
        **_oidc_client(
            env, production, "STAFF_OIDC", (DEV_STAFF_IDP_DISCOVERY_URL, DEV_STAFF_CLIENT_ID, DEV_STAFF_CLIENT_SECRET)
        ),
        "STAFF_OIDC_REQUIRED_AMR": required_amr,
        "STAFF_OIDC_REQUIRED_ACR": required_acr,
        # Sent as acr_values when set: some providers step up to multi-factor only when asked.
        "STAFF_OIDC_ACR_VALUES": env.get("STAFF_OIDC_ACR_VALUES", "").strip(),
        "STAFF_OIDC_SCOPE": env.get("STAFF_OIDC_SCOPE", "openid profile email"),
    }
