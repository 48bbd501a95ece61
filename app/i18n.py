"""Languages: the four ID-porten offers, Bokmål first.

Choice order: an explicit choice in this session → the person's profile →
a page's own default (Luster's KE page is in Nynorsk) → Accept-Language → Bokmål.
"""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import Babel

KNOWN_LOCALES: dict[str, str] = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "en": "English",
    "se": "Davvisámegiella",
}
DEFAULT_LOCALE = "nb"

# Browsers say "no" for Norwegian without saying which written form; Bokmål is the majority's.
_ALIASES = {"no": "nb", "nb-no": "nb", "nn-no": "nn", "se-no": "se", "en-gb": "en", "en-us": "en"}


def normalise(code: str | None) -> str | None:
    """A known locale for a code a user or a browser gave us, or None."""
    if not code or len(code) > 20:
        return None
    code = code.strip().lower().replace("_", "-")
    code = _ALIASES.get(code, code)
    if code in KNOWN_LOCALES:
        return code
    primary = code.split("-", 1)[0]
    primary = _ALIASES.get(primary, primary)
    return primary if primary in KNOWN_LOCALES else None


def from_accept_language() -> str | None:
    # Werkzeug parses Accept-Language leniently; garbage yields an empty list, not an error.
    for value, _quality in request.accept_languages:
        locale = normalise(value)
        if locale:
            return locale
    return None


def explicit_choice() -> str | None:
    return normalise(session.get("locale")) or normalise(getattr(g, "profile_locale", None))


def select_locale() -> str:
    chosen = explicit_choice()
    if chosen:
        return chosen
    browser = from_accept_language()
    page_default = getattr(g, "page_default_locale", None)
    # A page's written language wins over the browser only among the Norwegian forms:
    # someone whose browser asks for English still gets English.
    if page_default and browser in (None, "nb", "nn"):
        return page_default
    return browser or DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
