"""The e-mail and SMS stand-ins keep whatever they are sent: they run on this machine only, and
never with MINPLAN_ENV=production."""

from __future__ import annotations

import os

from devidp.guards import ALLOWED_ENVIRONMENTS, StandInRefused, is_loopback


def check_may_run(name: str, host: str) -> None:
    environment = os.environ.get("MINPLAN_ENV", "development")
    if environment not in ALLOWED_ENVIRONMENTS:
        raise StandInRefused(f"The {name} stand-in runs only in development or test, not {environment!r}")
    if not is_loopback(host):
        raise StandInRefused(f"The {name} stand-in listens on loopback addresses only, not {host!r}")
