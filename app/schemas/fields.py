"""The fields every form shares: free text in the person's own words, a name, a date written the
Norwegian way, the version a form was based on, and a choice among the options a page offers.

Each field says how a typed value is cleaned before it is checked (`cleaned`) and how it is shown
back when the form is refused (`shown`); the base schema (app.schemas.base) applies both."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from app.schemas import INT_MAX, form_integer, without_control

# The one bound on free text: long enough for anything a person writes in a field, short enough
# that a page showing it stays readable. Messages name it through a placeholder.
TEXT_MAX = 2000
# A name, a short answer: what fits on one line.
SHORT_MAX = 200

TOO_LONG = _l("Teksten kan ha høyst %(max)s tegn. Nå er den for lang.", max=TEXT_MAX)
DATE_ERROR = _l("Skriv datoen som dd.mm.åååå, for eksempel 31.12.2027.")


def one_line_ends(value: str) -> str:
    """Windows and old Mac line ends made plain: a browser sends CRLF for every line break."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


class Text(fields.String):
    """Free text in the person's own words, stored as typed (Jinja escapes it on output) less
    control characters, trimmed, bounded by `maximum` with `too_long` said when it is longer."""

    def __init__(self, maximum: int = TEXT_MAX, too_long=TOO_LONG, **kwargs):
        kwargs["validate"] = [validate.Length(max=maximum, error=too_long), *_as_list(kwargs.get("validate"))]
        super().__init__(**kwargs)

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
    """A day written as Norwegians write it, 31.12.2027 (or 31/12/2027), or as a date field sends
    it, 2027-12-31. Anything else, or a day that does not exist, gets one message."""

    default_error_messages = {"invalid": DATE_ERROR}

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        if isinstance(value, str):
            parts = value.replace("/", ".").split(".")
            if len(parts) == 3 and all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
                day, month, year = (int(part) for part in parts)
                try:
                    return date(year, month, day)
                except ValueError:
                    raise self.make_error("invalid") from None
        return super()._deserialize(value, attr, data, **kwargs)


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

    def __init__(self, options, not_offered, missing=None, **kwargs):
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

    def __init__(self, options, not_offered, **kwargs):
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


def _as_list(validators) -> list:
    if validators is None:
        return []
    return list(validators) if isinstance(validators, (list, tuple)) else [validators]
