"""The information texts: complete in every written language, readable, and well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import content, content_markup, reading
from app.content import EASY_READ_DIR, STANDARD_DIR
from app.readability import EASY_READ_MAX, STANDARD_MAX, lix, text_of_file

WRITTEN_LOCALES = ["nb", "nn", "en"]
PAGES = [
    "forside",
    "om-individuell-plan",
    "hva-er-individuell-plan",
    "koordinator",
    "koordinerende-enhet",
    "hva-planen-inneholder",
    "dine-rettigheter",
    "samtykke-og-taushetsplikt",
    "be-om-plan",
    "klage",
    "ordliste",
    "tilgjengelighet",
    "personvern",
]
ALL_FILES = sorted(STANDARD_DIR.glob("*/*.md")) + sorted(EASY_READ_DIR.glob("*/*.md"))


@pytest.mark.parametrize("locale", WRITTEN_LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_page_is_written_in_every_language(locale, easy_read):
    missing = [
        slug for slug in PAGES if not ((EASY_READ_DIR if easy_read else STANDARD_DIR) / locale / f"{slug}.md").is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_text_is_readable_enough(path: Path):
    limit = EASY_READ_MAX if path.is_relative_to(EASY_READ_DIR) else STANDARD_MAX
    assert lix(text_of_file(path)) <= limit


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_text_parses_and_uses_only_known_glossary_words(path: Path):
    locale, easy = path.parent.name, path.is_relative_to(EASY_READ_DIR)
    text = content._parse(path, path.stem, locale, easy)
    assert text.title.strip()
    unknown = set(text.glossary_ids) - set(content.glossary(locale))
    assert unknown == set()
    if easy:
        assert text.pictogram, "an easy-read page needs a pictogram"
        assert all(section.pictogram for section in text.sections), "every easy-read section needs a pictogram"


@pytest.mark.parametrize("locale", WRITTEN_LOCALES)
def test_glossary_explains_the_same_words_in_every_language(locale):
    assert set(content.glossary(locale)) == set(content.glossary("nb"))


@pytest.mark.parametrize("locale", WRITTEN_LOCALES)
def test_glossary_explanations_are_readable(locale):
    # The glossary is read as one text: LIX means little for a single sentence or two.
    entries = content.glossary(locale).values()
    assert lix("\n\n".join(e.easy for e in entries)) <= EASY_READ_MAX
    assert lix("\n\n".join(e.standard for e in entries)) <= STANDARD_MAX


def test_lix_counts_words_sentences_and_long_words():
    # 6 words, 2 sentences, 3 words over 6 letters (hjelper ×2, koordinatoren): 6/2 + 100*3/6 = 53
    assert round(lix("Planen hjelper deg. Koordinatoren hjelper alltid."), 1) == 53.0
    assert round(lix("Jeg vil gå på kino."), 1) == 5.0


def test_markdown_cannot_smuggle_html():
    html = content.render_markdown("<script>alert(1)</script> *ok*", "nb", False, "/ordliste")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_hard_word_opens_its_explanation_in_easy_read():
    html = content.render_markdown("Du får en [[koordinator]].", "nb", True, "/ordliste")
    assert 'popovertarget="' in html and "popover>" in html
    standard = content.render_markdown("Du får en [[koordinator]].", "nb", False, "/ordliste")
    assert 'href="/ordliste#term-koordinator"' in standard


def test_links_in_texts_look_like_every_other_link():
    html = content.render_markdown("Se [klage](/om-individuell-plan/klage).", "nb", False, "/ordliste")
    assert '<a href="/om-individuell-plan/klage" class="ds-link">klage</a>' in html


EASY_READ_FILES = sorted(EASY_READ_DIR.glob("*/*.md"))


@pytest.mark.parametrize("path", EASY_READ_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_easy_read_sentence_starts_a_line_of_its_own(path: Path):
    # The easy-to-read standard: one sentence a line. A paragraph holds one sentence; a list item
    # with two puts the second on a line of its own (a hard break, "\" at the line's end).
    _front, body = content_markup.front_matter_and_text(path.read_text(encoding="utf-8"))
    crowded = [line for line in body.splitlines() if len(reading.sentences(line.rstrip("\\"))) > 1]
    assert crowded == []


def test_a_paragraph_of_two_sentences_is_found_and_a_time_of_day_is_not():
    assert len(reading.sentences("Du får en plan. Den er din.")) == 2
    assert len(reading.sentences("Møtet er kl. 10 på Helsehuset.")) == 1
