"""The live character count under every long text speaks the reader's language, as the rest of
the page does (its words are read from the catalogue, not left in Bokmål)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.schemas.fields import character_count

SAID = {
    "nb": ("Du har %(num)s tegn igjen.", "Du har %(num)s tegn for mye."),
    "nn": ("Du har %(num)s teikn att.", "Du har %(num)s teikn for mykje."),
    "en": ("You have %(num)s characters left.", "You have %(num)s characters too many."),
}


@pytest.mark.parametrize("locale", sorted(SAID))
def test_the_live_count_is_in_the_reader_s_language(app, locale):
    with app.test_request_context(), force_locale(locale):
        count = character_count(500)
    assert (count["left"]["other"], count["over"]["other"]) == SAID[locale]


def test_northern_sami_has_its_dual(app):
    with app.test_request_context(), force_locale("se"):
        count = character_count(500)
    assert count["left"]["one"] == "Dus lea %(num)s mearka báhcán."
    assert count["left"]["two"] == "Dus leat %(num)s mearkka báhcán."
