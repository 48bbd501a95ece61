"""How consent is put in words: the information areas, their pictograms, lists in the reader's
language ("helse, bolig og skole"), and the child's view."""
from __future__ import annotations

from datetime import date

from babel.lists import format_list
from flask_babel import format_date, get_locale, lazy_gettext as _l

AREA_LABELS = {
    "health": _l("Helse"),
    "daily-living": _l("Daglig liv"),
    "housing": _l("Bolig"),
    "work": _l("Arbeid og NAV"),
    "school": _l("Skole og opplæring"),
    "finances": _l("Økonomi"),
    "family": _l("Familie og nettverk"),
}
AREA_PICTOGRAMS = {"health": "health", "daily-living": "food", "housing": "home", "work": "work",
                   "school": "school", "finances": "money", "family": "family"}
CHILD_VIEW_LABELS = {
    "agrees": _l("Barnet er enig"),
    "disagrees": _l("Barnet er uenig"),
    "did-not-want-to-say": _l("Barnet ville ikke si noe"),
    "not-asked": _l("Barnet er ikke spurt"),
}


def _in_sentence(label: str) -> str:
    """"Helse" → "helse", "Arbeid og NAV" → "arbeid og NAV": a label inside a sentence."""
    return label[:1].lower() + label[1:]


def areas_in_words(keys) -> str:
    return format_list([_in_sentence(str(AREA_LABELS[k])) for k in keys if k in AREA_LABELS],
                       locale=str(get_locale() or "nb"))


def names_in_words(names) -> str:
    return format_list(list(names), locale=str(get_locale() or "nb"))


def template_values() -> dict:
    return {"area_labels": AREA_LABELS, "area_pictograms": AREA_PICTOGRAMS, "child_view_labels": CHILD_VIEW_LABELS,
            "areas_in_words": areas_in_words, "names_in_words": names_in_words}


def iso_day(value: str | None) -> str:
    """A date kept as ISO text in the history, the way the reader's language writes it."""
    return format_date(date.fromisoformat(value), "long") if value else ""
