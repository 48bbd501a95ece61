"""A login that cannot go on: a clear page in the reader's language, and a structured log line.

The page says what the person can do; the log says what happened. Neither repeats what the
identity provider or the browser sent, and no identity number is ever logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from app.sessions import STAFF, realm_of

log = logging.getLogger("minplan.auth")


@dataclass(frozen=True)
class RefusalPage:
    status: int
    title: object
    text: list = field(default_factory=list)
    easy: list = field(default_factory=list)
    pictogram: str = "question"
    retry: bool = True


PAGES: dict[str, RefusalPage] = {
    "cancelled": RefusalPage(
        200,
        _l("Du avbrøt innloggingen"),
        [_l("Du er ikke logget inn. Du kan logge inn igjen når du vil.")],
        [_l("Du er ikke logget inn."), _l("Du kan prøve igjen når du vil.")],
    ),
    "expired": RefusalPage(
        400,
        _l("Innloggingen ble ikke fullført"),
        [
            _l("Det tok for lang tid, eller lenken du kom fra er allerede brukt."),
            _l("Logg inn på nytt for å fortsette."),
        ],
        [_l("Innloggingen tok for lang tid."), _l("Prøv å logge inn en gang til.")],
        pictogram="wait",
    ),
    "failed": RefusalPage(
        400,
        _l("Vi kunne ikke logge deg inn"),
        [
            _l("Noe gikk galt mellom Min plan og ID-porten, så vi kunne ikke bekrefte innloggingen."),
            _l("Prøv å logge inn på nytt. Hvis det fortsatt ikke virker, kan du prøve igjen senere."),
        ],
        [_l("Noe gikk galt."), _l("Du er ikke logget inn."), _l("Prøv igjen.")],
    ),
    "level": RefusalPage(
        403,
        _l("Du må logge inn med et høyere sikkerhetsnivå"),
        [
            _l(
                "Min plan har opplysninger om helse. Derfor må du logge inn med en metode som gir høyt "
                "sikkerhetsnivå, for eksempel BankID, Buypass eller Commfides."
            )
        ],
        [_l("Du må logge inn på en sikrere måte."), _l("Bruk for eksempel BankID.")],
        pictogram="secret",
    ),
    "identity": RefusalPage(
        403,
        _l("Vi kunne ikke bekrefte hvem du er"),
        [
            _l("ID-porten sendte ikke et gyldig fødselsnummer eller D-nummer, så vi vet ikke hvem du er."),
            _l("Prøv igjen, eller logg inn med en annen metode."),
        ],
        [_l("Vi vet ikke hvem du er."), _l("Prøv igjen.")],
        pictogram="person",
    ),
    "unavailable": RefusalPage(
        503,
        _l("ID-porten svarer ikke akkurat nå"),
        [_l("Vi får ikke kontakt med ID-porten, så du kan ikke logge inn akkurat nå."), _l("Prøv igjen om litt.")],
        [_l("Innloggingen virker ikke akkurat nå."), _l("Prøv igjen senere.")],
        pictogram="wait",
    ),
    # The staff side (app/staff/login.py): the municipality's own login, not ID-porten.
    "staff_level": RefusalPage(
        403,
        _l("Du må logge inn med tofaktor"),
        [
            _l(
                "Min plan har helseopplysninger. Ansatte må logge inn med passord og en ekstra bekreftelse, "
                "for eksempel en kode på mobilen."
            ),
            _l("Logg inn på nytt og velg innlogging med tofaktor."),
        ],
        pictogram="secret",
    ),
    "staff_failed": RefusalPage(
        400,
        _l("Vi kunne ikke logge deg inn"),
        [
            _l("Noe gikk galt mellom Min plan og kommunens innlogging, så vi kunne ikke bekrefte innloggingen."),
            _l("Prøv å logge inn på nytt. Hvis det fortsatt ikke virker, kontakt IT-brukerstøtten i kommunen."),
        ],
    ),
    "staff_unavailable": RefusalPage(
        503,
        _l("Kommunens innlogging svarer ikke akkurat nå"),
        [
            _l("Vi får ikke kontakt med kommunens innlogging, så du kan ikke logge inn akkurat nå."),
            _l("Prøv igjen om litt."),
        ],
        pictogram="wait",
    ),
}
# On the staff side, a refusal reads as the staff page of the same name where there is one.
STAFF_PAGES = {"level": "staff_level", "failed": "staff_failed", "unavailable": "staff_unavailable"}


class LoginRefused(Exception):
    """Raised anywhere in the login or logout flow; `page` is a key of PAGES."""

    def __init__(self, page: str, reason: str, **details):
        super().__init__(reason)
        self.page = page
        self.reason = reason
        self.details = details


def render_refusal(error: LoginRefused):
    key = error.page
    if realm_of(request.path) == STAFF:
        key = STAFF_PAGES.get(key, key)
    page = PAGES[key]
    level = logging.INFO if error.page == "cancelled" else logging.WARNING
    log.log(
        level,
        "login refused",
        extra={"event": "login.refused", "reason": error.reason, "page": error.page, **error.details},
    )
    return render_template("auth/login-refused.html", page=page, status=page.status), page.status
