"""Long texts (information pages, easy-read texts, the glossary) from files, per language.

Standard texts live in content/<locale>/<slug>.md, easy-read texts in easyread/<locale>/<slug>.md. Each file has YAML front matter (title, summary, pictogram) and Markdown; a
`## Heading {pictogram: name}` starts a section with its own picture, and `[[word|term-id]]`
marks a hard word explained in the glossary. Raw HTML in the files is not allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from flask_babel import gettext
from markupsafe import Markup

from app.content_markup import document_parser, glossary_marks, render_with_glossary
from app.i18n import DEFAULT_LOCALE
from app.pictograms import PICTOGRAMS

ROOT = Path(__file__).resolve().parent.parent
STANDARD_DIR = ROOT / "content"
EASY_READ_DIR = ROOT / "easyread"


@dataclass(frozen=True)
class Section:
    heading: str
    pictogram: str | None
    body_markdown: str


@dataclass(frozen=True)
class Text:
    slug: str
    locale: str  # the language the text is actually written in (may be a fallback)
    easy_read: bool
    title: str
    summary: str
    pictogram: str | None
    intro_markdown: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def glossary_ids(self) -> list[str]:
        chunks = [self.intro_markdown, *(s.body_markdown for s in self.sections)]
        return sorted({term_id for chunk in chunks for _word, term_id in glossary_marks(chunk)})


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    standard: str
    easy: str


class ContentError(ValueError):
    pass


def _parse(path: Path, slug: str, locale: str, easy_read: bool) -> Text:
    raw = path.read_text(encoding="utf-8")
    document = document_parser(raw)
    if document.front_matter is None:
        raise ContentError(f"{path}: missing front matter")
    meta = yaml.safe_load(document.front_matter) or {}
    sections = []
    for heading, pictogram, section_body in document.sections:
        if pictogram and pictogram not in PICTOGRAMS:
            raise ContentError(f"{path}: unknown pictogram {pictogram!r}")
        sections.append(Section(heading, pictogram, section_body))
    intro = document.intro
    pictogram = meta.get("pictogram")
    if pictogram and pictogram not in PICTOGRAMS:
        raise ContentError(f"{path}: unknown pictogram {pictogram!r}")
    return Text(
        slug=slug,
        locale=locale,
        easy_read=easy_read,
        title=str(meta["title"]),
        summary=str(meta.get("summary", "")),
        pictogram=pictogram,
        intro_markdown=intro.strip(),
        sections=tuple(sections),
    )


@lru_cache(maxsize=512)
def load_text(slug: str, locale: str, easy_read: bool) -> Text | None:
    """The text in the asked language, else in Bokmål (marked with its real language)."""
    if not re.fullmatch(r"[a-z0-9-]{1,60}", slug):
        return None
    base = EASY_READ_DIR if easy_read else STANDARD_DIR
    for candidate in dict.fromkeys([locale, DEFAULT_LOCALE]):
        path = base / candidate / f"{slug}.md"
        if path.is_file():
            return _parse(path, slug, candidate, easy_read)
    return None


def available_slugs(locale: str = DEFAULT_LOCALE, easy_read: bool = False) -> list[str]:
    base = (EASY_READ_DIR if easy_read else STANDARD_DIR) / locale
    return sorted(p.stem for p in base.glob("*.md"))


@lru_cache(maxsize=16)
def glossary(locale: str) -> dict[str, GlossaryEntry]:
    for candidate in dict.fromkeys([locale, DEFAULT_LOCALE]):
        path = STANDARD_DIR / candidate / "glossary.yaml"
        if path.is_file():
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            return {
                e["id"]: GlossaryEntry(e["id"], e["term"], e["standard"].strip(), e["easy"].strip()) for e in entries
            }
    return {}


def glossary_locale(locale: str) -> str:
    return locale if (STANDARD_DIR / locale / "glossary.yaml").is_file() else DEFAULT_LOCALE


def render_markdown(markdown: str, locale: str, easy_read: bool, glossary_url: str) -> Markup:
    """Markdown to safe HTML, with glossary words turned into explanations or links."""
    words = {
        "hint": gettext("(forklaring i ordlisten)"),
        "question": gettext("hva betyr det?"),
        "close": gettext("Lukk"),
    }
    return Markup(render_with_glossary(markdown, glossary(locale), easy_read, glossary_url, words))
