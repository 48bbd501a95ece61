"""Every question the wizard asks scores LIX ≤ 25 in easy-read and ≤ 40 in standard, in every language."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.readability import EASY_READ_MAX, STANDARD_MAX, lix
from app.wizard.words import IMPORTANCE_NAMES, NEED_NAMES, QUESTIONS
from tests.pages import LOCALES


@pytest.mark.parametrize("locale", LOCALES)
def test_every_easy_read_question_scores_at_most_25(app, locale):
    with app.test_request_context(), force_locale(locale):
        texts = [q.text(True) for q in QUESTIONS.values()] + [q.hint(True) for q in QUESTIONS.values() if q.hint(True)]
        # Choices are read as sentences after their question ("Hva trenger du hjelp til? Å spise.").
        texts += [f"{QUESTIONS['needs'].text(True)} {str(name).capitalize()}." for name in NEED_NAMES.values()]
        texts += [f"{QUESTIONS['importance'].text(True)} {name}." for name in IMPORTANCE_NAMES.values()]
        scores = {text: lix(text) for text in texts}
    assert {text: score for text, score in scores.items() if score > EASY_READ_MAX} == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_standard_question_scores_at_most_40(app, locale):
    with app.test_request_context(), force_locale(locale):
        texts = [q.text(False) for q in QUESTIONS.values()] + [q.hint(False) for q in QUESTIONS.values() if q.hint(False)]
        scores = {text: lix(text) for text in texts}
    assert {text: score for text, score in scores.items() if score > STANDARD_MAX} == {}
