"""Hypothesis strategies for what an attacker types, derived from a marshmallow field's type:
text with control characters, NUL, any script, huge and empty; numbers far out of range and
digits Python reads but a database does not; dates in every odd format; a field given twice."""

from __future__ import annotations

from hypothesis import strategies as st
from marshmallow import fields, validate

ODD_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.just("\x7f"),
    st.sampled_from(["\u202e", "\u200b", "\ufeff", "\u2028", "\u0085", "\ufffd", "\U0001f4a9", "ø", " "]),
)
TRICKS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    "'; DROP TABLE person; --",
    "{{ 7*7 }}",
    "%00",
    "../../etc/passwd",
    "//evil.example",
    "javascript:alert(1)",
    "\u202eexe.fdp",
    "１２",
    "²",
    "NaN",
    "-1",
    "2147483648",
    "9" * 40,
]
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),  # any script; surrogates cannot be sent
    st.text(ODD_CHARACTERS, max_size=20),
    st.sampled_from(TRICKS),
    st.sampled_from([201, 1001, 2001, 20_000]).map(lambda n: "å" * n),  # just past each bound, and far past
)
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "0",
            "1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "00",
            "-0",
            "1.5",
            "1e3",
            "0x10",
            " 7",
            "１",
            "²",
            "٣",
            "9" * 5000,
        ]
    ),
    TEXT,
)
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%m/%d/%Y", "%d%m%Y", "%Y-%m-%dT%H:%M:%S"]
DATE = st.one_of(
    st.builds(lambda day, form: day.strftime(form), st.datetimes(), st.sampled_from(DATE_FORMATS)),
    st.sampled_from(
        [
            "31.02.2027",
            "29.02.2100",
            "0.0.0",
            "00.00.0000",
            "1.1.99999",
            "99999999999.1.1",
            "1.13.2027",
            "2027-W01",
            "31.12.-5",
            "²².²².²²²²",
            "1.1.１２３４",
            "01.01.0001",
            "31.12.9999",
            "1..2027",
        ]
    ),
    TEXT,
)
FLAG = st.one_of(st.sampled_from(["on", "off", "true", "false", "1", "0", "yes"]), TEXT)


def value_for(field: fields.Field) -> st.SearchStrategy[str]:
    """One value as a form or query string carries it: always text."""
    if isinstance(field, fields.Integer):
        return NUMBER
    if isinstance(field, (fields.Date, fields.DateTime)):
        return DATE
    if isinstance(field, fields.Boolean):
        return FLAG
    choices = [v for v in _validators(field) if isinstance(v, validate.OneOf)]
    if choices:
        return st.one_of(st.sampled_from([str(c) for c in choices[0].choices]), TEXT)
    return TEXT


def values_for(field: fields.Field) -> st.SearchStrategy[list[str]]:
    """Every value a field is sent with: a list field any number, any other usually one, sometimes two."""
    if isinstance(field, fields.List):
        return st.lists(value_for(field.inner), max_size=6)
    one = value_for(field)
    return st.one_of(one.map(lambda v: [v]), st.lists(one, min_size=2, max_size=3))


def _validators(field: fields.Field) -> list:
    return list(field.validators)
