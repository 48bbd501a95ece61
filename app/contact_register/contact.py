"""What the contact register says about one person, read defensively from its answer.

The register's field names are Norwegian (Digdir's REST API for Kontakt- og
reservasjonsregisteret); the rest of Min plan sees only `Contact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

LANGUAGES = ("nb", "nn", "en", "se")
# Loose on purpose: the register has validated the address; this only keeps out what cannot be one
# (whitespace or line breaks would let a value add headers to an e-mail).
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,253}\.[^@\s]{2,63}")
_MOBILE = re.compile(r"\+?[0-9]{8,15}")


class MalformedAnswer(ValueError):
    """The register's answer does not have the documented shape."""


@dataclass(frozen=True)
class Contact:
    """One person's digital contact details, and whether the public sector may use them.

    `active` is False for a person the register does not know (IKKE_REGISTRERT), has deleted
    (SLETTET), or did not answer for. `notifiable` is the register's own verdict on whether the
    details are fresh enough to send notices to (varslingsstatus).
    """

    email: str | None
    mobile: str | None
    reserved: bool
    active: bool
    language: str | None
    updated: datetime | None
    notifiable: bool = True

    @property
    def may_contact_digitally(self) -> bool:
        # A reservation is the person's own no to digital contact from the public sector.
        return self.active and not self.reserved and self.notifiable and bool(self.email or self.mobile)

    def __repr__(self) -> str:
        # Keeps the address and number out of tracebacks and debug logs.
        return (
            f"Contact(email={'yes' if self.email else 'no'}, mobile={'yes' if self.mobile else 'no'}, "
            f"reserved={self.reserved}, active={self.active}, notifiable={self.notifiable})"
        )


# For a person the register left out of its answer: nothing to contact them by.
UNKNOWN = Contact(email=None, mobile=None, reserved=False, active=False, language=None, updated=None)


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedAnswer("a text field holds something else")
    return value.strip() or None


def _time(value: object) -> datetime | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None  # a time we cannot read is no reason to drop the person's details


def _latest(*times: datetime | None) -> datetime | None:
    known = [t for t in times if t is not None and t.tzinfo is not None]
    return max(known) if known else None


def parse_person(entry: object) -> tuple[str, Contact]:
    """One element of the answer's `personer`: its identity number and the contact."""
    if not isinstance(entry, dict):
        raise MalformedAnswer("a person is not an object")
    pid = entry.get("personidentifikator")
    if not isinstance(pid, str) or not pid.isdigit() or len(pid) != 11:
        raise MalformedAnswer("a person has no valid identity number")
    details = entry.get("kontaktinformasjon") or {}
    if not isinstance(details, dict):
        raise MalformedAnswer("contact details are not an object")
    email = _text(details.get("epostadresse"))
    mobile = _text(details.get("mobiltelefonnummer"))
    if mobile is not None:
        mobile = mobile.replace(" ", "")
    language = _text(entry.get("spraak"))
    return pid, Contact(
        email=email if email and _EMAIL.fullmatch(email) else None,
        mobile=mobile if mobile and _MOBILE.fullmatch(mobile) else None,
        # Anything but an explicit NEI counts as reserved: a missing answer must not mean yes.
        reserved=entry.get("reservasjon") != "NEI",
        active=entry.get("status") == "AKTIV",
        language=language if language in LANGUAGES else None,
        updated=_latest(
            _time(details.get("epostadresse_oppdatert")), _time(details.get("mobiltelefonnummer_oppdatert"))
        ),
        notifiable=entry.get("varslingsstatus") != "KAN_IKKE_VARSLES",
    )


def parse_answer(document: object, asked: set[str]) -> dict[str, Contact]:
    """The whole answer: `{"personer": [...]}`, kept to the identity numbers asked for."""
    if not isinstance(document, dict) or not isinstance(document.get("personer"), list):
        raise MalformedAnswer("the answer has no list of persons")
    found: dict[str, Contact] = {}
    for entry in document["personer"]:
        pid, contact = parse_person(entry)
        if pid in asked:
            found[pid] = contact
    return found
