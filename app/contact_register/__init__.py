"""Contact details from Kontakt- og reservasjonsregisteret (KRR), by identity number.

`lookup(pids)` asks the register configured for the current app (the local stand-in outside
production, the real register with a Maskinporten token in production) and answers with a
`Contact` per identity number. Only `Contact.may_contact_digitally` says whether a notice may go by
e-mail or SMS: a reserved, deleted, unknown or stale-contact person may not be contacted digitally.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from app.contact_register.client import BATCH_LIMIT, ContactRegister
from app.contact_register.configuration import settings
from app.contact_register.contact import Contact
from app.contact_register.errors import RegisterUnavailable
from app.contact_register.maskinporten import MaskinportenToken

__all__ = [
    "BATCH_LIMIT",
    "Contact",
    "ContactRegister",
    "MaskinportenToken",
    "RegisterUnavailable",
    "lookup",
    "register",
    "settings",
]


def register() -> ContactRegister:
    """The current app's client, made once (it holds the cache and the Maskinporten token)."""
    client = current_app.extensions.get("contact_register")
    if client is None:
        client = current_app.extensions.setdefault("contact_register", ContactRegister.from_config(current_app.config))
    return client


def lookup(pids: Iterable[str]) -> dict[str, Contact]:
    """A `Contact` for every identity number; raises RegisterUnavailable when the register gives
    no usable answer."""
    return register().lookup(pids)
