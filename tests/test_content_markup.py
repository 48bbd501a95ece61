"""The text files' markup as markdown-it reads it: front matter, pictogram headings, glossary marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import content
from app.content_markup import document_parser, glossary_marks

FILE = """---
title: Om planen
summary: Kort.
pictogram: plan
---
Innledning med [[koordinator]].

## Du bestemmer {pictogram: consent}

Første del.

- et punkt

## Uten bilde

Andre del med [[verja|verge]].
"""


def test_a_file_is_front_matter_intro_and_sections_with_pictograms():
    document = document_parser(FILE)
    assert document.front_matter == "title: Om planen\nsummary: Kort.\npictogram: plan"
    assert document.intro == "Innledning med [[koordinator]]."
    assert document.sections == (
        ("Du bestemmer", "consent", "Første del.\n\n- et punkt"),
        ("Uten bilde", None, "Andre del med [[verja|verge]]."),
    )


def test_a_heading_inside_a_code_block_or_a_list_does_not_start_a_section():
    document = document_parser("---\ntitle: x\n---\n```\n## Ikke en overskrift\n```\n\n- ## I en liste\n")
    assert document.sections == ()
    assert document.intro == "```\n## Ikke en overskrift\n```\n\n- ## I en liste"


@pytest.mark.parametrize(
    "raw", ["title: x\n", "---\ntitle: x\n", "Tekst\n---\ntitle: x\n---\n"], ids=["none", "never-closed", "not-first"]
)
def test_a_file_without_closed_front_matter_is_refused(tmp_path: Path, raw):
    path = tmp_path / "side.md"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(content.ContentError, match="missing front matter"):
        content._parse(path, "side", "nb", False)


def test_an_unknown_pictogram_in_a_heading_is_refused(tmp_path: Path):
    path = tmp_path / "side.md"
    path.write_text("---\ntitle: x\n---\n## Overskrift {pictogram: finnes-ikke}\n", encoding="utf-8")
    with pytest.raises(content.ContentError, match="unknown pictogram 'finnes-ikke'"):
        content._parse(path, "side", "nb", False)


def test_glossary_marks_give_the_word_and_the_term_id():
    assert list(glossary_marks("En [[Koordinator]] og [[verja | Verge ]], ikke `[[kode]]`.")) == [
        ("Koordinator", "koordinator"),
        ("verja", "verge"),
    ]


def test_a_glossary_word_links_to_its_explanation(app):
    with app.test_request_context("/"):
        html = content.render_markdown(
            "Spør [[koordinatoren|koordinator]], eller [[ukjent]].", "nb", False, "/ordliste"
        )
    assert html == (
        '<p>Spør <a class="glossary-link ds-link" href="/ordliste#term-koordinator">koordinatoren'
        '<span class="ds-sr-only"> (forklaring i ordlisten)</span></a>, eller ukjent.</p>\n'
    )


def test_in_easy_read_a_glossary_word_opens_its_explanation_in_place(app):
    markdown = "En [[koordinator]] og en [[koordinator]]."
    with app.test_request_context("/"):
        html = content.render_markdown(markdown, "nb", True, "/ordliste")
        explanation = content.glossary("nb")["koordinator"].easy
    first, second = html.split("</button></span> og ")
    assert first.startswith('<p>En <button type="button" class="glossary-term" popovertarget="gl-koordinator-1-')
    assert 'popovertarget="gl-koordinator-2-' in second
    assert html.count(f"<strong>koordinator:</strong> {explanation} ") == 2
    assert html.count('popovertargetaction="hide">Lukk</button>') == 2


def test_a_glossary_word_and_the_text_around_it_stay_text(app):
    with app.test_request_context("/"):
        html = content.render_markdown('[[<b>"x"</b>]] og [[a & b|koordinator]] <i>', "nb", False, "/ordliste")
    assert html.startswith(
        '<p>&lt;b&gt;&quot;x&quot;&lt;/b&gt; og <a class="glossary-link ds-link" '
        'href="/ordliste#term-koordinator">a &amp; b<span'
    )
    assert html.endswith("</a> &lt;i&gt;</p>\n")
