"""LIX, the Scandinavian readability index: words per sentence + % of words over 6 letters.

Easy-read text must score at most 25, standard text at most 40.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from app.content_markup import front_matter_and_text

EASY_READ_MAX = 25
STANDARD_MAX = 40

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# A sentence ends at . ! ? or : followed by space/end, and at every line that is its own unit
# (headings and list items are read as sentences of their own).
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n|\n(?=\s*(?:[-*]|\d+\.|#)\s)")


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def text_of_file(path) -> str:
    """The readable words of a content file: title, summary and body, no markup."""
    front_matter, body = front_matter_and_text(Path(path).read_text(encoding="utf-8"))
    meta = yaml.safe_load(front_matter or "") or {}
    parts = [str(meta.get("title", "")) + ".", str(meta.get("summary", "")), body]
    return "\n\n".join(p for p in parts if p.strip())


if __name__ == "__main__":  # python -m app.readability FILE… prints each file's LIX
    import sys

    for name in sys.argv[1:]:
        limit = EASY_READ_MAX if "easyread/" in name else STANDARD_MAX
        score = lix(text_of_file(name))
        print(f"{score:5.1f} {'OK ' if score <= limit else 'TOO HIGH'} (max {limit}) {name}")
