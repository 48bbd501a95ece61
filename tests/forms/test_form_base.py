"""The one form base: what every form does to what was typed before it is checked."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import fields
from werkzeug.datastructures import MultiDict

from app.schemas.base import FormSchema, form_version, load_form
from app.schemas.fields import TEXT_MAX, Choices, NorwegianDate, Text

FORMAT = "Skriv datoen med tall, slik: 24.12.2026."
YEAR = "Skriv året med fire tall, slik: 24.12.2026."


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
        ("31-12-2027", date(2027, 12, 31)),
        (" 29. 02. 2028 ", date(2028, 2, 29)),
        ("2027-12-31", date(2027, 12, 31)),
    ],
)
def test_a_day_written_the_norwegian_way_or_as_a_date_field_sends_it(app, typed, day):
    assert _load(app, ("needed", "x"), ("day", typed)).data["day"] == day


@pytest.mark.parametrize(
    "typed, message",
    [
        # A day that does not exist is told so, and why: never to use the format the person used.
        ("31.02.2027", "Datoen finnes ikke: februar 2027 har 28 dager."),
        ("29.02.2027", "Datoen finnes ikke: februar 2027 har 28 dager."),
        ("30.02.2028", "Datoen finnes ikke: februar 2028 har 29 dager."),
        ("31.04.2027", "Datoen finnes ikke: april 2027 har 30 dager."),
        ("0.1.2027", "Datoen finnes ikke: januar 2027 har 31 dager."),
        ("2027-02-30", "Datoen finnes ikke: februar 2027 har 28 dager."),
        ("32.13.2030", "Datoen finnes ikke: måneden må være et tall fra 1 til 12."),
        ("1.0.2030", "Datoen finnes ikke: måneden må være et tall fra 1 til 12."),
        # A year that is not four digits: 24.12.26 would otherwise be a day in the year 26.
        ("24.12.26", YEAR),
        ("1.1.0000", YEAR),
        # Anything else is shown how to write a date, by an example.
        ("1.1.99999", FORMAT),
        ("²².²².²²²²", FORMAT),
        ("١.١.٢٠٢٧", FORMAT),
        ("1..2027", FORMAT),
        ("i morgen", FORMAT),
        ("24122026", FORMAT),
    ],
)
def test_a_day_that_is_wrong_is_told_what_is_wrong(app, typed, message):
    assert _load(app, ("needed", "x"), ("day", typed)).errors == {"day": [message]}


def test_the_date_messages_never_show_a_pattern_few_people_read(app):
    for typed in ("i morgen", "24.12.26", "31.02.2027", "1.13.2027"):
        (message,) = _load(app, ("needed", "x"), ("day", typed)).errors["day"]
        assert "dd" not in message and "åååå" not in message


def test_a_text_past_the_limit_is_told_with_the_limit_and_kept_whole(app):
    loaded = _load(app, ("needed", "å" * (TEXT_MAX + 1)))
    assert loaded.errors == {
        "needed": ["Teksten har 1 tegn for mye. Du kan skrive opptil 2000 tegn. Alt du skrev, står der fortsatt."]
    }
    assert loaded.typed["needed"] == "å" * (TEXT_MAX + 1)
    assert _load(app, ("needed", "å" * TEXT_MAX)).ok


def test_5000_characters_pasted_are_kept_whole_and_told_how_many_too_many(app):
    pasted = ("Jeg vil klare meg selv. " * 250)[:4999] + "!"
    loaded = _load(app, ("needed", pasted))
    assert loaded.errors["needed"] == [
        "Teksten har 3000 tegn for mye. Du kan skrive opptil 2000 tegn. Alt du skrev, står der fortsatt."
    ]
    assert loaded.typed["needed"] == pasted


@pytest.mark.parametrize(
    "text, characters",
    [
        ("😀", 1),  # one code point
        ("👍🏽", 2),  # a thumb and its skin tone: two code points, one picture
        ("مرحبا", 5),  # Arabic, right to left
        ("שלום", 4),  # Hebrew, right to left
        ("e\u0301", 2),  # e and a combining accent
    ],
)
def test_emoji_and_right_to_left_text_are_counted_in_code_points_as_the_browser_counts_them(app, text, characters):
    """The browser's count (character-count.js: [...text].length) and the server's agree."""
    fits = text * (TEXT_MAX // characters)
    assert _load(app, ("needed", fits)).ok
    assert _load(app, ("needed", fits + text)).errors["needed"][0].startswith(f"Teksten har {characters} tegn for mye.")


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
