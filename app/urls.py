"""Where a form may send the person back to (our own paths only, never another site), and what a
URL's parameters may hold at all."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter


def safe_next(target: str | None, default: str = "/") -> str:
    if not target or len(target) > 2000:
        return default
    target = target.strip()
    # Backslashes and control characters let some browsers read "/\evil" as "//evil".
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


# A database id is a PostgreSQL integer: 1 … 2³¹−1. Anything else in a URL cannot name a row, so
# the route does not match (404, as for a row that does not exist) and the database never sees it.
ID_MAX = 2**31 - 1
SEGMENT_MAX = 200


def _numbers_up_to(limit: int) -> str:
    """A regular expression for 1 … limit in ASCII digits without leading zeros.

    The bound is in the pattern, not only in to_python: a value the pattern takes but to_python
    refuses makes Werkzeug answer 405 where a sibling rule has another method, 404 where not."""
    digits = str(limit)
    choices = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        lowest = 1 if i == 0 else 0
        if int(digit) > lowest:
            choices.append(f"{digits[:i]}[{lowest}-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}")
    return "(?:" + "|".join([*choices, digits]) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>`: ASCII digits only (Python's int() also reads "１" and "١"), within a database id."""

    regex = _numbers_up_to(ID_MAX)

    def __init__(self, map: Map, **kwargs) -> None:
        super().__init__(map, **{"min": 1, "max": ID_MAX, **kwargs})


class SegmentConverter(UnicodeConverter):
    """`<string:…>`: one path segment without control characters (PostgreSQL cannot even compare a
    NUL) and of a length our slugs and tokens never come near."""

    def __init__(self, map: Map, minlength: int = 1, maxlength: int = SEGMENT_MAX, length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


def init_app(app: Flask) -> None:
    for name in ("default", "string"):
        app.url_map.converters[name] = SegmentConverter
    app.url_map.converters["int"] = IdConverter
