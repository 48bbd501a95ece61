"""When the stand-in may run at all: development or test, and only on this machine.

It logs anyone in as anyone, so it must never be reachable from elsewhere or run where real
people log in. Production configuration cannot switch it on: MINPLAN_ENV=production stops it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

ALLOWED_ENVIRONMENTS = ("development", "test")


class StandInRefused(RuntimeError):
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_may_run(environment: str | None, issuer: str) -> None:
    if environment not in ALLOWED_ENVIRONMENTS:
        raise StandInRefused(
            f"The identity-provider stand-in runs only with MINPLAN_ENV=development or test, not {environment!r}"
        )
    host = urlsplit(issuer).hostname or ""
    if not is_loopback(host):
        raise StandInRefused(f"The identity-provider stand-in listens on loopback addresses only, not {host!r}")
