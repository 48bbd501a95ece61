"""marshmallow schemas: what each form or query string may hold (one module per area), built on the
one form base (base.py) and its shared fields (fields.py); here, the rules every value obeys."""

from __future__ import annotations

import re

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

# Control characters (a NUL pasted from a PDF, say): no keyboard types them, PostgreSQL cannot
# store a NUL, and a page cannot show one back. Tab and line ends stay. HTML forbids the C1
# controls and the noncharacters in a page as well, so they go too.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)


def without_control(value: str) -> str:
    """What was typed, less control characters: as it is stored and as it is shown back."""
    return _CONTROL.sub("", value)


# PostgreSQL's integer: the largest id, version or count a form of ours can carry.
INT_MAX = 2**31 - 1


def form_integer(value: str | None, minimum: int = 0) -> int | None:
    """A whole number from a form or query string; None when missing, forged or out of range.

    ASCII digits only: str.isdigit() also takes "²", which int() refuses, and int() takes "١"."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > len(str(INT_MAX)):
        return None
    number = int(value)
    return number if minimum <= number <= INT_MAX else None


def single_values(data: MultiDict) -> dict[str, str]:
    """A query string or form as a plain dict; a parameter given twice is an error, not a choice."""
    repeated = [key for key, values in data.lists() if len(values) > 1]
    if repeated:
        raise ValidationError({key: ["given more than once"] for key in repeated})
    return data.to_dict(flat=True)


def field_errors(error) -> dict[str, list[str]]:
    """A marshmallow ValidationError as {field: [message, …]}, with lazy messages made strings.

    marshmallow keeps a lazily translated message as it is instead of in a list; templates
    want a list of plain strings for every field.
    """
    result: dict[str, list[str]] = {}
    for field, messages in error.messages.items():
        if isinstance(messages, (list, tuple)):
            result[field] = [str(m) for m in messages]
        else:
            result[field] = [str(messages)]
    return result
