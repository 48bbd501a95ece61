"""Every interface text is translated, and messages.pot matches the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ["nn", "en", "se"]  # Bokmål is the source language of every message
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(locale: str):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def test_messages_pot_is_current(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-w",
            "100",
            "-F",
            "babel.cfg",
            # The same keywords as `make extract-messages`.
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "by_category:1,2",
            "--sort-by-file",
            "--omit-header",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(fresh, "rb") as a, open(ROOT / "translations" / "messages.pot", "rb") as b:
        current = {m.id for m in read_po(a) if m.id}
        committed = {m.id for m in read_po(b) if m.id}
    assert current - committed == set(), "run `make extract-messages`"
    assert committed - current == set(), "run `make extract-messages`"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated(locale):
    with open(ROOT / "translations" / "messages.pot", "rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    catalog = _catalog(locale)
    missing = sorted(m for m in template if catalog.get(m) is None or not catalog.get(m).string or catalog.get(m).fuzzy)
    assert missing == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_their_placeholders(locale):
    wrong = []
    for m in _catalog(locale):
        if not m.id or not m.string:
            continue
        # A plural's forms each keep the placeholders of the Bokmål forms (singular and plural alike).
        sources = m.id if isinstance(m.id, tuple) else (m.id,)
        translations = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        if any(set(PLACEHOLDER.findall(t)) != expected for t in translations):
            wrong.append(m.id)
    assert wrong == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_is_not_marked_fuzzy(locale):
    # pybabel compile skips a fuzzy catalog without an error, and the interface falls back to Bokmål.
    assert not _catalog(locale).fuzzy
