"""What every part's settings share: the error that stops a service from starting with settings
it must not run with, a whole number from the environment, and whether an address is this machine
(a stand-in, refused in production)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """The environment asks for something this service must not run with."""


def int_setting(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
