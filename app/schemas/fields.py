"""The fields every form shares: free text in the person's own words, a name, a date written the
Norwegian way, the version a form was based on, and a choice among the options a page offers.

Each field says how a typed value is cleaned before it is checked (`cleaned`) and how it is shown
back when the form is refused (`shown`); the base schema (app.schemas.base) applies both."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from flask_babel import format_date, get_translations, ngettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from app.schemas import INT_MAX, form_integer, without_control

# The one bound on free text: long enough for anything a person writes in a field, short enough
# that a page showing it stays readable. Messages name it through a placeholder; templates read it
# (and the others below) through app/templating.py, so a text area's count and hint say the same.
TEXT_MAX = 2000
# A topic for a meeting: a line or two on its agenda, not an essay.
TOPIC_MAX = 1000
# A name, a short answer: what fits on one line.
SHORT_MAX = 200

# Dates are explained by an example, never by a pattern such as "dd.mm.åååå" that few people read.
DATE_FORMAT = _l("Skriv datoen med tall, slik: 24.12.2026.")
DATE_YEAR = _l("Skriv året med fire tall, slik: 24.12.2026.")
DATE_NO_MONTH = _l("Datoen finnes ikke: måneden må være et tall fra 1 til 12.")


def length(value: str) -> int:
    """How many characters a text has, as this service counts them everywhere: Unicode code points.

    The character count in the browser (static/js/character-count.js) counts the same way
    (`[...text].length`), so what the page says and what the server refuses agree. A person counts
    an emoji with a skin tone as one where this counts two; grapheme clusters would match people
    better, but browsers and Python do not yet count them alike, and agreeing matters more."""
    return len(value)


# What text fields may hold, by name, for the templates (app/templating.py): a page never writes
# a number of its own.
TEXT_LIMITS = {"text": TEXT_MAX, "topic": TOPIC_MAX, "short": SHORT_MAX}

# A number of each plural category (CLDR's: what Intl.PluralRules names in the browser) in the
# languages the service speaks: Northern Sami has a dual ("two"), the others only one and other.
_PLURAL_SAMPLES = {"one": 1, "two": 2, "other": 5}


def character_count(limit: int) -> dict:
    """What a text field's character count says, in the reader's language: the hint shown without
    JavaScript, and the live count's words by plural category with `%(num)s` left for the script
    (static/js/character-count.js) to fill in."""
    translations = get_translations()

    def by_category(singular: str, plural: str) -> dict[str, str]:
        return {category: translations.ungettext(singular, plural, n) for category, n in _PLURAL_SAMPLES.items()}

    return {
        "limit": limit,
        "hint": ngettext("Du kan skrive opptil %(num)s tegn.", "Du kan skrive opptil %(num)s tegn.", limit),
        "left": by_category("Du har %(num)s tegn igjen.", "Du har %(num)s tegn igjen."),
        "over": by_category("Du har %(num)s tegn for mye.", "Du har %(num)s tegn for mye."),
    }


def too_long(value: str, maximum: int) -> str:
    over = length(value) - maximum
    return ngettext(
        "Teksten har %(num)s tegn for mye. Du kan skrive opptil %(max)s tegn. Alt du skrev, står der fortsatt.",
        "Teksten har %(num)s tegn for mye. Du kan skrive opptil %(max)s tegn. Alt du skrev, står der fortsatt.",
        over,
        max=maximum,
    )


def one_line_ends(value: str) -> str:
    """Windows and old Mac line ends made plain: a browser sends CRLF for every line break."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


class Text(fields.String):
    """Free text in the person's own words, stored as typed (Jinja escapes it on output) less
    control characters, trimmed, bounded by `maximum` characters (counted by `length`). Longer, it
    is refused saying how many characters too many (or `too_long`, where a count would not help);
    everything typed is shown back. `label` names the field in the error summary."""

    def __init__(self, maximum: int = TEXT_MAX, too_long=None, label=None, **kwargs):
        self.maximum, self.too_long = maximum, too_long
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        super().__init__(**kwargs)

    def _validate(self, value) -> None:
        if isinstance(value, str) and length(value) > self.maximum:
            raise ValidationError(str(self.too_long) if self.too_long is not None else too_long(value, self.maximum))
        super()._validate(value)

    def cleaned(self, value: str) -> str:
        return without_control(one_line_ends(value)).strip()

    def shown(self, value: str) -> str:
        return without_control(value)


# Joiners that some scripts need inside a word; every other format character is invisible.
_JOINERS = {"\u200c", "\u200d"}


def is_hidden(char: str) -> bool:
    """A character no one types in a name and that can disguise one or break the page showing it:
    what the base drops from any text (control characters, noncharacters), format characters such
    as the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a name
    read differently from what is stored, invisible spaces, and line and paragraph separators."""
    if not without_control(char):
        return True
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _JOINERS
    return category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp")


def without_hidden(value: str) -> str:
    return "".join(char for char in value if not is_hidden(char))


class Name(Text):
    """A person's name as typed: hidden characters are not dropped silently but refused (the
    schema says so at the field) and left out of what is shown back, so sending again takes it."""

    def cleaned(self, value: str) -> str:
        return value.strip()

    def shown(self, value: str) -> str:
        return without_hidden(value)


class NorwegianDate(fields.Date):
    """A day written as Norwegians write it, 24.12.2026 (or 24/12/2026, 24-12-2026), or as a date
    field sends it, 2026-12-24. What is wrong is said as it is: a date written some other way is
    shown how to write it; a day that does not exist (31.02.2027) is told that it does not and why
    (February 2027 has 28 days), never to use the format the person already used. Whether a day is
    too early or too late is each form's own rule, said by its schema."""

    default_error_messages = {"invalid": DATE_FORMAT}
    _WRITTEN = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{1,4})")
    _ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

    def __init__(self, label=None, **kwargs):
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        super().__init__(**kwargs)

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        if not isinstance(value, str) or not value.isascii():
            raise self.make_error("invalid")
        value = value.replace(" ", "")
        if written := self._WRITTEN.fullmatch(value):
            day, month, year = (int(part) for part in written.groups())
            if len(written.group(3)) != 4:
                raise ValidationError(str(DATE_YEAR))
        elif iso := self._ISO.fullmatch(value):
            year, month, day = (int(part) for part in iso.groups())
        else:
            raise self.make_error("invalid")
        return existing_day(year, month, day)


def existing_day(year: int, month: int, day: int) -> date:
    """The day, or a message saying why there is no such day."""
    if not 1 <= month <= 12:
        raise ValidationError(str(DATE_NO_MONTH))
    if year < 1:
        raise ValidationError(str(DATE_YEAR))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = format_date(date(year, month, 1), "LLLL y")
        raise ValidationError(
            ngettext(
                "Datoen finnes ikke: %(month)s har %(num)s dag.",
                "Datoen finnes ikke: %(month)s har %(num)s dager.",
                days,
                month=month_name,
            )
        )
    return date(year, month, day)


class FormToken(fields.String):
    """The one-time token a page puts in a form so the same form sent twice is stored once
    (secrets.token_urlsafe): URL-safe letters, 16 to 64 of them. Anything else is a form we never
    made; the view answers it with 400, not with a message at a field."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Regexp(r"^[A-Za-z0-9_-]{16,64}\Z"), **kwargs)

    def cleaned(self, value: str) -> str:
        return value

    def shown(self, value: str) -> str:
        return without_control(value)


class Version(fields.Integer):
    """The version of what a form changes, as the form was shown: ASCII digits within a database
    integer (app.schemas.form_integer), at least `minimum`."""

    def __init__(self, minimum: int = 0, **kwargs):
        super().__init__(strict=False, validate=validate.Range(min=minimum, max=INT_MAX), **kwargs)
        self.minimum = minimum

    def cleaned(self, value: str) -> str:
        return value.strip()

    def shown(self, value: str) -> str:
        return without_control(value)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = form_integer(value, self.minimum)
        if number is None:
            raise self.make_error("invalid")
        return number


class Carried(fields.String):
    """What the page itself put in a hidden field, compared as it is: blank is a value here
    ("there was none when the form was shown"), not missing."""

    blank_is_missing = False

    def cleaned(self, value: str) -> str:
        return value

    def shown(self, value: str) -> str:
        return without_control(value)


class Choices(fields.List):
    """Any number of the options a page offers (checkboxes): one message when any sent is not
    among them, another (`missing`) when one is needed and none is chosen."""

    def __init__(self, options, not_offered, missing=None, label=None, **kwargs):
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        self.options = tuple(options)
        validators = [_all_offered(self.options, not_offered)]
        if missing is not None:
            validators.append(validate.Length(min=1, error=missing))
            kwargs.setdefault("error_messages", {}).update({"required": missing})
            kwargs["required"] = True
        else:
            kwargs.setdefault("load_default", list)
        super().__init__(fields.String(), validate=validators, **kwargs)

    def cleaned(self, values: list[str]) -> list[str]:
        return [kept for value in values if (kept := without_control(value).strip())]

    def shown(self, values: list[str]) -> list[str]:
        return [without_control(value) for value in values]


class Choice(fields.String):
    """One of the options a page offers (radio buttons); `not_offered` when it is not."""

    def __init__(self, options, not_offered, label=None, **kwargs):
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        super().__init__(validate=validate.OneOf(tuple(options), error=not_offered), **kwargs)

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)


def _all_offered(options: tuple, message):
    def check(values: list[str]) -> None:
        if any(value not in options for value in values):
            raise ValidationError(str(message))

    return check
