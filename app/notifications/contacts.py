"""Contact details for notices, from the national contact register (app/contact_register)."""

from __future__ import annotations

from app.contact_register import RegisterUnavailable  # noqa: F401  (re-exported)
from app.contact_register import lookup as _lookup


def lookup(pids: list[str]) -> dict:
    """{pid: Contact} for those the register knows; {} without asking for nobody."""
    unique = sorted(set(pids))
    return _lookup(unique) if unique else {}
