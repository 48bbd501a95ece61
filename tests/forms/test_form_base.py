"""The one form base: what every form does to what was typed before it is checked."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import fields
from werkzeug.datastructures import MultiDict

from app.schemas.base import FormSchema, form_version, load_form
from app.schemas.fields import TEXT_MAX, Choices, NorwegianDate, Text

DATE_MESSAGE = "Skriv datoen som dd.mm.åååå, for eksempel 31.12.2027."


class _Form(FormSchema):
    words = Text(load_default=None)
    needed = Text(required=True, error_messages={"required": "Skriv noe."})
    day = NorwegianDate(load_default=None)
    picks = Choices(("a", "b"), "Velg blant valgene.")
    other = fields.String(load_default=None)


def _load(app, *pairs):
    with app.test_request_context():
        return load_form(_Form(), MultiDict(pairs))


def test_text_is_trimmed_less_control_characters_and_noncharacters_with_plain_line_ends(app):
    loaded = _load(app, ("words", "  Hei\x00 på\r\ndeg\ufffe\x85 "), ("needed", "x"), ("other", " \x07y "))
    assert loaded.data == {"words": "Hei på\ndeg", "needed": "x", "day": None, "picks": [], "other": "y"}
    assert loaded.typed["words"] == "  Hei på\r\ndeg "


@pytest.mark.parametrize("blank", ["", "   ", "\x00\x01", "\r\n\t"])
def test_blank_is_missing(app, blank):
    loaded = _load(app, ("needed", blank), ("words", blank))
    assert loaded.errors == {"needed": ["Skriv noe."]}
    assert loaded.typed["needed"] == blank.replace("\x00", "").replace("\x01", "")


@pytest.mark.parametrize(
    "typed, day",
    [
        ("31.12.2027", date(2027, 12, 31)),
        ("1.2.2030", date(2030, 2, 1)),
        ("31/12/2027", date(2027, 12, 31)),
        ("2027-12-31", date(2027, 12, 31)),
    ],
)
def test_a_day_written_the_norwegian_way_or_as_a_date_field_sends_it(app, typed, day):
    assert _load(app, ("needed", "x"), ("day", typed)).data["day"] == day


@pytest.mark.parametrize("typed", ["31.02.2027", "32.13.2030", "1.1.99999", "²².²².²²²²", "1..2027", "i morgen"])
def test_any_other_day_gets_one_message(app, typed):
    assert _load(app, ("needed", "x"), ("day", typed)).errors == {"day": [DATE_MESSAGE]}


def test_a_text_past_the_limit_is_told_with_the_limit_and_kept_whole(app):
    loaded = _load(app, ("needed", "å" * (TEXT_MAX + 1)))
    assert loaded.errors == {"needed": ["Teksten kan ha høyst 2000 tegn. Nå er den for lang."]}
    assert loaded.typed["needed"] == "å" * (TEXT_MAX + 1)
    assert _load(app, ("needed", "å" * TEXT_MAX)).ok


def test_every_value_of_a_list_and_one_message_when_any_is_not_offered(app):
    assert _load(app, ("needed", "x"), ("picks", "a"), ("picks", " b ")).data["picks"] == ["a", "b"]
    loaded = _load(app, ("needed", "x"), ("picks", "a"), ("picks", "z"), ("picks", "y"))
    assert loaded.errors == {"picks": ["Velg blant valgene."]}
    assert loaded.typed["picks"] == ["a", "z", "y"]


@pytest.mark.parametrize(
    "typed, version",
    [
        ("0", 0),
        ("7", 7),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("-1", None),
        ("²", None),
        ("١", None),
        ("1.5", None),
        ("9" * 5000, None),
    ],
)
def test_a_version_is_ascii_digits_within_a_database_integer(app, typed, version):
    with app.test_request_context():
        assert form_version(MultiDict([("version", typed)])) == version
