"""How consent is put in words: lists of information areas and names in the reader's language
("helse, bolig og skole og opplæring"), and the child's view. The areas' own words and pictograms
are the vocabulary's (app/domain/vocabulary.py)."""

from __future__ import annotations

from datetime import date

from babel.lists import format_list
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from app import easyread
from app.domain import vocabulary

CHILD_VIEW_LABELS = {
    "agrees": _l("Barnet er enig"),
    "disagrees": _l("Barnet er uenig"),
    "did-not-want-to-say": _l("Barnet ville ikke si noe"),
    "not-asked": _l("Barnet er ikke spurt"),
}


def _in_sentence(label: str) -> str:
    """ "Helse" → "helse", "Arbeid og NAV" → "arbeid og NAV": a label inside a sentence."""
    return label[:1].lower() + label[1:]


def areas_in_words(keys) -> str:
    easy_read = easyread.is_on()
    return format_list(
        [_in_sentence(vocabulary.TERMS[k].words(easy_read)) for k in keys if k in vocabulary.INFORMATION_AREAS],
        locale=str(get_locale() or "nb"),
    )


def names_in_words(names) -> str:
    return format_list(list(names), locale=str(get_locale() or "nb"))


def iso_day(value: str | None) -> str:
    """A date kept as ISO text in the history, the way the reader's language writes it."""
    return format_date(date.fromisoformat(value), "long") if value else ""
