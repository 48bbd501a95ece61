"""The words a person meets on every page: life areas, the information areas a consent covers,
and the kinds of helpers in a plan, each defined once with its key, its wording, its easy-read
wording and its pictogram.

Every page, form and document takes its words from here, so a life area has one name wherever
it is shown. The wordings are Bokmål source texts, translated when shown: the web layer tells
this module how to translate (`use_translator`), so the domain needs nothing from a web framework.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.support import LazyProxy


def _identity(source: str) -> str:
    return source


_translate: Callable[[str], str] = _identity


def use_translator(translate: Callable[[str], str]) -> None:
    """How a Bokmål source text becomes the reader's language (gettext of the running app)."""
    global _translate
    _translate = translate


def _translated(source: str) -> str:
    return _translate(source)


def _l(source: str) -> LazyProxy:
    """A wording translated each time it is shown, so one definition serves every language."""
    return LazyProxy(_translated, source, enable_cache=False)


@dataclass(frozen=True)
class Term:
    key: str
    label: LazyProxy
    easy_label: LazyProxy
    pictogram: str
    # Everyday examples that help someone choose the term, where a choice is offered.
    examples: LazyProxy | None = None

    def words(self, easy_read: bool) -> str:
        return str(self.easy_label if easy_read else self.label)


# Life areas in municipal practice, in the order a person is asked about them; the keys are those
# a goal's life_area holds.
_LIFE_AREAS = (
    Term("health", _l("Helse"), _l("Helse"), "health", _l("Lege, medisiner, trening")),
    Term("daily-living", _l("Hverdagen"), _l("Hverdagen"), "food", _l("Mat, vask, stell")),
    Term("housing", _l("Bolig"), _l("Bolig"), "home", _l("Hvor du bor")),
    Term("work", _l("Arbeid og dagaktivitet"), _l("Jobb og dagsenter"), "work", _l("Jobb eller dagsenter")),
    Term("school", _l("Skole og opplæring"), _l("Skole"), "school", _l("Skole og lekser")),
    Term("leisure", _l("Fritid og venner"), _l("Fritid og venner"), "leisure", _l("Kino, klubb, venner")),
    Term(
        "family", _l("Familie og nettverk"), _l("Familie og andre du kjenner"), "family", _l("Familie og de du kjenner")
    ),
    Term("finances", _l("Økonomi"), _l("Penger"), "money", _l("Penger og regninger")),
    Term("transport", _l("Transport"), _l("Reise"), "transport", _l("Buss, taxi, skyss")),
    Term("other", _l("Noe annet"), _l("Noe annet"), "other", _l("Noe som ikke står her")),
)
# Who is in a plan besides the person and the coordinator: the kinds a participant has.
_SERVICE_KINDS = (
    Term("service", _l("Tjenester"), _l("Tjenester"), "help"),
    Term("agency", _l("Andre etater"), _l("Andre etater"), "office"),
    Term("relative", _l("Familie og nettverk"), _l("Familie og andre du kjenner"), "family"),
)

LIFE_AREAS: tuple[str, ...] = tuple(term.key for term in _LIFE_AREAS)
# A goal whose area is not (or no longer) a known one is shown under this one.
FALLBACK_LIFE_AREA = "other"
# What a consent to share may cover: the life areas a service keeps information about, in the
# order a consent lists them (stored consents keep this order).
INFORMATION_AREAS: tuple[str, ...] = ("health", "daily-living", "housing", "work", "school", "finances", "family")
SERVICE_KINDS: tuple[str, ...] = tuple(term.key for term in _SERVICE_KINDS)

TERMS: dict[str, Term] = {term.key: term for term in _LIFE_AREAS + _SERVICE_KINDS}
assert len(TERMS) == len(_LIFE_AREAS) + len(_SERVICE_KINDS), "a key names two terms"
assert set(INFORMATION_AREAS) <= set(LIFE_AREAS)


def term(key: str) -> Term:
    """The term for a key; an unknown life area (an old or odd value) reads as the fallback."""
    return TERMS.get(key) or TERMS[FALLBACK_LIFE_AREA]


# How each basis for acting on someone's behalf is named to people ("Randi Berg (verge)").
BASIS_NAMES = {
    "self": _l("deg selv"),
    "parent": _l("forelder"),
    "guardian": _l("verge"),
    "power_of_attorney": _l("fullmakt"),
    "relative": _l("pårørende"),
}


def basis_name(basis: str | None) -> str:
    """The name of a basis; one that is not a representation is the reader acting for themselves."""
    return str(BASIS_NAMES.get(basis or "self", BASIS_NAMES["self"]))


# What a person may say they need help with, as the end of "Jeg trenger hjelp til …".
NEED_NAMES = {
    "eat": _l("å spise"),
    "wash": _l("å vaske meg"),
    "clean": _l("å holde det rent hjemme"),
    "out": _l("å komme meg ut"),
    "travel": _l("å reise dit jeg skal"),
    "money": _l("å passe på penger"),
    "medicine": _l("å ta piller"),
    "people": _l("å treffe andre"),
    "shopping": _l("å handle"),
}


def needs_text(given: dict) -> str | None:
    """What the person needs help with, as one text for the plan: the chosen needs, then their words."""
    chosen = [str(NEED_NAMES[key]) for key in given.get("needs_choices") or [] if key in NEED_NAMES]
    parts = [", ".join(chosen).capitalize() + "." if chosen else "", (given.get("needs") or "").strip()]
    return " ".join(part for part in parts if part) or None
