"""The markup of the text files, read by markdown-it and its plugins.

A file starts with YAML front matter (mdit-py-plugins' front_matter); a `## Heading {pictogram:
name}` starts a section with its own picture; `[[word]]` or `[[word|term-id]]` marks a hard word
the glossary explains. Raw HTML is never passed through."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import escape
from mdit_py_plugins.front_matter import front_matter_plugin

# Only the marker's own syntax: markdown-it has already found the heading and its inline text.
_PICTOGRAM_SUFFIX = re.compile(r"\A(.+?) +\{pictogram: *([\w-]+)\}\Z")
_GLOSSARY_MARK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
_OPTIONS = {"html": False, "linkify": False, "typographer": False}


class GlossaryEntry(Protocol):
    term: str
    easy: str


def _glossary_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _GLOSSARY_MARK.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        word = match.group(1).strip()
        token = state.push("glossary", "", 0)
        token.content = word
        token.meta = {"term_id": (match.group(2) or word).strip().lower()}
    state.pos = match.end()
    return True


def glossary_plugin(md: MarkdownIt) -> None:
    """`[[word]]` and `[[word|term-id]]` as `glossary` tokens (before links, which also start with `[`)."""
    md.inline.ruler.before("link", "glossary", _glossary_rule)


def _pictogram_headings(state: StateCore) -> None:
    """A top-level `## Heading {pictogram: name}` keeps `name` in the heading's meta, not its text.
    Runs before inline parsing, so the marker never becomes text."""
    tokens = state.tokens
    for opening, inline in pairwise(tokens):
        if opening.type == "heading_open" and opening.markup == "##" and opening.level == 0:
            match = _PICTOGRAM_SUFFIX.match(inline.content)
            if match:
                inline.content, opening.meta["pictogram"] = match.group(1), match.group(2)


def pictogram_heading_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "pictogram_heading", _pictogram_headings)


def _link_open(renderer, tokens, idx, options, env):
    # Links in texts look and behave like every other link (Designsystemet's ds-link).
    tokens[idx].attrSet("class", "ds-link")
    return renderer.renderToken(tokens, idx, options, env)


def _glossary_html(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    word, term_id = escapeHtml(token.content), token.meta["term_id"]
    entry = env.get("glossary", {}).get(term_id)
    if entry is None:
        return word
    href = f"{env['glossary_url']}#term-{term_id}"
    words = env["words"]
    if not env["easy_read"]:
        return (
            f'<a class="glossary-link ds-link" href="{href}">{word}'
            f'<span class="ds-sr-only"> {escape(words["hint"])}</span></a>'
        )
    # Easy-read: the word opens its explanation in place (popover: no script needed).
    pid = f"gl-{term_id}-{next(env['counter'])}-{env['chunk_id']}"
    return (
        f'<button type="button" class="glossary-term" popovertarget="{pid}">{word}'
        f'<span class="ds-sr-only"> – {escape(words["question"])}</span></button>'
        f'<span class="glossary-popover" id="{pid}" popover>'
        f"<strong>{escape(entry.term)}:</strong> {escape(entry.easy)} "
        f'<button type="button" class="ds-button glossary-popover__close" data-variant="secondary" '
        f'popovertarget="{pid}" popovertargetaction="hide">{escape(words["close"])}</button></span>'
    )


_markdown = MarkdownIt("commonmark", _OPTIONS).use(glossary_plugin)
_markdown.add_render_rule("link_open", _link_open)
_markdown.add_render_rule("glossary", _glossary_html)
_document = MarkdownIt("commonmark", _OPTIONS).use(front_matter_plugin).use(pictogram_heading_plugin)


def render_with_glossary(
    markdown: str, entries: Mapping[str, GlossaryEntry], easy_read: bool, glossary_url: str, words: Mapping[str, str]
) -> str:
    """HTML for a piece of Markdown; `words` holds the translated hint, question and close label."""
    env = {
        "glossary": entries,
        "easy_read": easy_read,
        "glossary_url": glossary_url,
        "words": words,
        # Popover ids are unique on a page holding several pieces of text.
        "counter": iter(range(1, 10_000)),
        "chunk_id": zlib.crc32(markdown.encode()) % 100000,
    }
    return _markdown.render(markdown, env)


def glossary_marks(markdown: str) -> Iterator[tuple[str, str]]:
    """(word, term id) of every glossary mark in a piece of Markdown, in order."""
    for block in _markdown.parse(markdown):
        for token in block.children or ():
            if token.type == "glossary":
                yield token.content, token.meta["term_id"]


@dataclass(frozen=True)
class Document:
    front_matter: str | None
    intro: str
    sections: tuple[tuple[str, str | None, str], ...]  # heading, pictogram, body (Markdown)


def document_parser(raw: str) -> Document:
    """A file's front matter (YAML text), the Markdown before its first `##` heading, and its
    sections, cut at the source lines markdown-it gives each heading."""
    tokens = _document.parse(raw)
    lines = raw.splitlines(keepends=True)
    front_matter, body_start = None, 0
    if tokens and tokens[0].type == "front_matter" and _closed(tokens[0], lines):
        front_matter, body_start = tokens[0].content, tokens[0].map[1]
    headings = [
        (opening, inline)
        for opening, inline in pairwise(tokens)
        if opening.type == "heading_open" and opening.markup == "##" and opening.level == 0
    ]
    # Each section runs to the start of the next heading, the last to the end: one start per heading.
    starts = [opening.map[0] for opening, _ in headings] + [len(lines)]
    sections = tuple(
        (inline.content.strip(), opening.meta.get("pictogram"), "".join(lines[opening.map[1] : end]).strip())
        for (opening, inline), end in zip(headings, starts[1:], strict=True)
    )
    return Document(front_matter, "".join(lines[body_start : starts[0]]).strip(), sections)


def _closed(token: Token, lines: list[str]) -> bool:
    """The plugin also takes a front matter that runs to the end of the file; a text must close it."""
    last = token.map[1] - 1
    return last > token.map[0] and lines[last].rstrip("\r\n") == token.markup


_plain = MarkdownIt("commonmark", _OPTIONS).use(front_matter_plugin).use(pictogram_heading_plugin).use(glossary_plugin)
_INLINE_TEXT = {"text", "code_inline", "glossary"}


def front_matter_and_text(raw: str) -> tuple[str | None, str]:
    """A file's front matter (YAML text) and its words without markup: every paragraph, heading
    and list item a block of its own, a glossary mark its word, a link its text."""
    front_matter, blocks = None, []
    for token in _plain.parse(raw):
        if token.type == "front_matter":
            front_matter = token.content
        elif token.type == "inline":
            words = []
            for child in token.children or ():
                if child.type in _INLINE_TEXT:
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append("\n")
            blocks.append("".join(words))
    return front_matter, "\n\n".join(blocks)
