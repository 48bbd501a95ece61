"""Long texts (information pages, easy-read texts, the glossary) from files, per language.

Standard texts live in content/<locale>/<slug>.md, easy-read texts in easyread/<locale>/<slug>.md
(DESIGN.md §2). Each file has YAML front matter (title, summary, pictogram) and Markdown; a
`## Heading {pictogram: name}` starts a section with its own picture, and `[[word|term-id]]`
marks a hard word explained in the glossary. Raw HTML in the files is not allowed.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape
from markdown_it import MarkdownIt

from app.i18n import DEFAULT_LOCALE
from app.pictograms import PICTOGRAMS

ROOT = Path(__file__).resolve().parent.parent
STANDARD_DIR = ROOT / "content"
EASY_READ_DIR = ROOT / "easyread"

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_SECTION_HEADING = re.compile(r"^## +(.+?)(?: +\{pictogram: *([\w-]+)\})? *$", re.MULTILINE)
_GLOSSARY_MARK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _link_open(renderer, tokens, idx, options, env):
    # Links in texts look and behave like every other link (Designsystemet's ds-link).
    tokens[idx].attrSet("class", "ds-link")
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("link_open", _link_open)


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
        found = _GLOSSARY_MARK.findall(self.intro_markdown + "".join(s.body_markdown for s in self.sections))
        return sorted({(term_id or word).strip().lower() for word, term_id in found})


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
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise ContentError(f"{path}: missing front matter")
    meta = yaml.safe_load(match.group(1)) or {}
    body = raw[match.end():]
    pieces = _SECTION_HEADING.split(body)
    intro, rest = pieces[0], pieces[1:]
    sections = []
    for i in range(0, len(rest), 3):
        heading, pictogram, section_body = rest[i], rest[i + 1], rest[i + 2]
        if pictogram and pictogram not in PICTOGRAMS:
            raise ContentError(f"{path}: unknown pictogram {pictogram!r}")
        sections.append(Section(heading.strip(), pictogram, section_body.strip()))
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
                e["id"]: GlossaryEntry(e["id"], e["term"], e["standard"].strip(), e["easy"].strip())
                for e in entries
            }
    return {}


def glossary_locale(locale: str) -> str:
    return locale if (STANDARD_DIR / locale / "glossary.yaml").is_file() else DEFAULT_LOCALE


def render_markdown(markdown: str, locale: str, easy_read: bool, glossary_url: str) -> Markup:
    """Markdown to safe HTML, with glossary words turned into explanations or links."""
    from flask_babel import gettext


    entries = glossary(locale)
    counter = iter(range(1, 10_000))

    def placeholder(match: re.Match) -> str:
        word = match.group(1).strip()
        term_id = (match.group(2) or word).strip().lower()
        entry = entries.get(term_id)
        if entry is None:
            return word
        return f"GLOSSARYTERM{term_id}GLOSSARYWORD{escape(word)}GLOSSARYEND"

    html = _markdown.render(_GLOSSARY_MARK.sub(placeholder, markdown))

    def expand(match: re.Match) -> str:
        term_id, word = match.group(1), match.group(2)
        entry = entries[term_id]
        href = f"{glossary_url}#term-{term_id}"
        if not easy_read:
            hint = escape(gettext("(forklaring i ordlisten)"))
            return f'<a class="glossary-link ds-link" href="{href}">{word}<span class="ds-sr-only"> {hint}</span></a>'
        # Easy-read: the word opens its explanation in place (popover: no script needed).
        n = next(counter)
        pid = f"gl-{term_id}-{n}-{zlib.crc32(markdown.encode()) % 100000}"
        question, close = escape(gettext("hva betyr det?")), escape(gettext("Lukk"))
        return (
            f'<button type="button" class="glossary-term" popovertarget="{pid}">{word}'
            f'<span class="ds-sr-only"> – {question}</span></button>'
            f'<span class="glossary-popover" id="{pid}" popover>'
            f'<strong>{escape(entry.term)}:</strong> {escape(entry.easy)} '
            f'<button type="button" class="ds-button glossary-popover__close" data-variant="secondary" '
            f'popovertarget="{pid}" popovertargetaction="hide">{close}</button></span>'
        )

    return Markup(re.sub(r"GLOSSARYTERM([a-z0-9-]+)GLOSSARYWORD(.*?)GLOSSARYEND", expand, html))
