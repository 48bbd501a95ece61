"""marshmallow schemas: what each form or query string may hold (one module per area)."""
from __future__ import annotations

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict


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
