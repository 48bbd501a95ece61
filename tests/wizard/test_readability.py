"""Every question the wizard asks, read with its hint, scores LIX ≤ 25 in easy-read and ≤ 40 in
standard, in every written language.

LIX is made for the Scandinavian languages and English; Northern Sami builds long words by
inflection, so its score says little (the content tests leave it out for the same reason) and its
wording waits for a native reviewer (README)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.readability import EASY_READ_MAX, STANDARD_MAX, lix
from app.wizard.words import IMPORTANCE_NAMES, NEED_NAMES, QUESTIONS

WRITTEN_LOCALES = ["nb", "nn", "en"]


def _question_texts(easy_read: bool) -> dict[str, str]:
    return {key: "\n\n".join(t for t in (q.text(easy_read), q.hint(easy_read)) if t) for key, q in QUESTIONS.items()}


@pytest.mark.parametrize("locale", WRITTEN_LOCALES)
def test_every_easy_read_question_scores_at_most_25(app, locale):
    with app.test_request_context(), force_locale(locale):
        texts = _question_texts(True)
        # Choices are read after their question: "Hva trenger du hjelp til? Å spise."
        texts |= {
            key: f"{QUESTIONS['needs'].text(True)}\n\n{str(name).capitalize()}." for key, name in NEED_NAMES.items()
        }
        texts |= {key: f"{QUESTIONS['importance'].text(True)}\n\n{name}." for key, name in IMPORTANCE_NAMES.items()}
        scores = {text: round(lix(text), 1) for text in texts.values()}
    assert {text: score for text, score in scores.items() if score > EASY_READ_MAX} == {}


@pytest.mark.parametrize("locale", WRITTEN_LOCALES)
def test_every_standard_question_scores_at_most_40(app, locale):
    with app.test_request_context(), force_locale(locale):
        scores = {text: round(lix(text), 1) for text in _question_texts(False).values()}
    assert {text: score for text, score in scores.items() if score > STANDARD_MAX} == {}


def test_the_examples_speak_in_the_seeds_voice(app):
    with app.test_request_context(), force_locale("nb"):
        assert "Noen trenger hjelp til å spise." in QUESTIONS["areas"].hint(True)
