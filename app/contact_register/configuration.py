"""The contact register's settings from the environment.

Outside production the client talks to the local stand-in (devstandins/krr.py, started by
`make run`) with a fixed development token. Production refuses the stand-in and needs a
Maskinporten client: the register accepts only Maskinporten's access tokens.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from app.settings_parsing import ConfigError
from app.settings_parsing import is_loopback as _is_loopback

DEV_KRR_URL = "http://127.0.0.1:5003"
# The stand-in accepts this token and no other; the real register has never heard of it.
DEV_TOKEN = "krr-dev-token-not-for-production"
DEFAULT_SCOPE = "krr:global/kontaktinformasjon.read"
MASKINPORTEN_ISSUER = "https://maskinporten.no/"


def _seconds(env: dict[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g} seconds, got {raw!r}")
    return value


def _https(env: dict[str, str], name: str) -> None:
    url = env.get(name, "")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or _is_loopback(url):
        raise ConfigError(f"Production needs {name} as an https address of the real service, got {url!r}")


def _maskinporten(env: dict[str, str], production: bool) -> dict:
    issuer = env.get("MASKINPORTEN_ISSUER", "").strip()
    token_url = env.get("MASKINPORTEN_TOKEN_URL", "").strip()
    if issuer and not token_url:
        token_url = issuer.rstrip("/") + "/token"
    if token_url and not issuer:
        parts = urlsplit(token_url)
        issuer = f"{parts.scheme}://{parts.netloc}/"
    key_path = env.get("MASKINPORTEN_KEY_PATH", "").strip()
    key = env.get("MASKINPORTEN_KEY", "").strip()
    found = {
        "MASKINPORTEN_ISSUER": issuer,
        "MASKINPORTEN_TOKEN_URL": token_url,
        "MASKINPORTEN_CLIENT_ID": env.get("MASKINPORTEN_CLIENT_ID", "").strip(),
        "MASKINPORTEN_KEY_PATH": key_path,
        "MASKINPORTEN_KEY": key,
        "MASKINPORTEN_KEY_ID": env.get("MASKINPORTEN_KEY_ID", "").strip(),
    }
    wanted = production or any(found.values())
    if not wanted:
        return found
    missing = [
        name for name in ("MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_KEY_ID") if not found[name]
    ]
    if not (key_path or key):
        missing.append("MASKINPORTEN_KEY_PATH (or MASKINPORTEN_KEY)")
    if missing:
        raise ConfigError("The contact register needs a Maskinporten client: set " + ", ".join(missing))
    if production:
        _https(found, "MASKINPORTEN_TOKEN_URL")
        _https(found, "MASKINPORTEN_ISSUER")
    if key_path and not Path(key_path).is_file():
        raise ConfigError("MASKINPORTEN_KEY_PATH does not name a readable file")
    return found


def settings(env: dict[str, str], production: bool) -> dict:
    """The contact register's part of the app's configuration; raises app.config.ConfigError."""
    url = (env.get("KRR_URL", "").strip() or ("" if production else DEV_KRR_URL)).rstrip("/")
    stand_in = env.get("KRR_STANDIN", "").strip() == "1" or (bool(url) and _is_loopback(url))
    if production:
        if stand_in:
            raise ConfigError("The contact register's stand-in cannot be used in production (KRR_URL, KRR_STANDIN)")
        _https({"KRR_URL": url}, "KRR_URL")
    elif urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigError(f"KRR_URL must be a web address, got {url!r}")
    maskinporten = _maskinporten(env, production)
    return {
        "KRR_URL": url,
        "KRR_STANDIN": stand_in,
        "KRR_SCOPE": env.get("KRR_SCOPE", "").strip() or DEFAULT_SCOPE,
        "KRR_TIMEOUT_SECONDS": _seconds(env, "KRR_TIMEOUT_SECONDS", 5.0, 0.1, 60.0),
        "KRR_CACHE_SECONDS": _seconds(env, "KRR_CACHE_SECONDS", 300.0, 0.0, 3600.0),
        # Without a Maskinporten client (development and test), the stand-in's fixed token.
        "KRR_DEV_TOKEN": "" if production or maskinporten["MASKINPORTEN_CLIENT_ID"] else DEV_TOKEN,
        **maskinporten,
    }
