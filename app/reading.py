"""Words fitted to the person reading: "du" or the name of the person they act for, and in
easy-read one sentence a line.

"Du" on a page always means the person reading it. Randi reads Ola's plan as his verge, so the
plan says "Ola sine mål", not "dine mål". Each wording is a whole sentence of its own in the
translations (`for_reader(_("Målene dine"), _("Målene til %(name)s", name=person_name()))`): a
name is never glued into a sentence, because word order differs between languages.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app import easyread
from app.auth.actor import actor

# A sentence ends at . ! ? or … followed by a space and a capital letter (or an opening quote);
# "kl. 10", "f.eks. en" and "Dr. Lie" do not end one.
_SENTENCE_BREAK = re.compile(r"(?<![Kk]l\.)(?<!Dr\.)(?<=[.!?…])\s+(?=[«\"“(]?[A-ZÆØÅ])")


def acting_for_someone() -> bool:
    acting = actor()
    return acting is not None and acting.acting_for_someone


def person_name() -> str:
    """The first name of the person the reader acts for ("Ola"), as they are named in a sentence.

    Someone without a name in the register is "personen" (the person)."""
    acting = actor()
    name = (acting.subject.name or "").strip() if acting is not None else ""
    return name.split()[0] if name else _("personen")


def for_reader(own: str, other: str) -> str:
    """`own` when the page is about the reader ("Målene dine"); `other`, the same sentence naming
    the person they act for ("Målene til Ola"), when they act for someone."""
    return other if acting_for_someone() else own


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_BREAK.split(str(text).strip()) if part]


_LAID_OUT = '<span class="sentence">'


def sentence_lines(text) -> Markup | str:
    """In easy-read, each sentence of a text on a line of its own (the easy-to-read standard); in
    standard, the text as it is. Escapes the text; the result is safe HTML."""
    if not text or not easyread.is_on() or _LAID_OUT in str(text):  # a hint laid out by its template
        return text
    parts = sentences(text)
    if len(parts) < 2:
        return text
    # A sentence of ours made by `_()` in a template is escaped already (a name in it too): its
    # parts are laid out as they are, or "O'Neil" would read "O&#39;Neil". Plain text is escaped.
    safe = Markup if isinstance(text, Markup) else escape
    return Markup("").join(Markup('<span class="sentence">{}</span>').format(safe(part)) for part in parts)
