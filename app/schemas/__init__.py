"""marshmallow schemas: what each form or query string may hold (one module per area)."""
from __future__ import annotations

import re

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

# Control characters (a NUL pasted from a PDF, say): no keyboard types them, PostgreSQL cannot
# store a NUL, and a page cannot show one back. Tab and line ends stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control(value: str) -> str:
    """What was typed, less control characters: as it is stored and as it is shown back."""
    return _CONTROL.sub("", value)


def clean(value):
    """Trimmed text without control characters; blank is missing."""
    return (without_control(value).strip() or None) if isinstance(value, str) else value


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
