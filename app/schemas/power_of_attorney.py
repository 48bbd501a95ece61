"""The form for granting a fullmakt: who (identity number and name), what, until when."""
from __future__ import annotations

import unicodedata
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from app.domain import identity_numbers
from app.domain.clock import today
from app.domain.rules import AttorneyScope

NAME_MAX = 200
# Joiners that some scripts need inside a word; every other format character is invisible.
_JOINERS = {"\u200c", "\u200d"}


def is_hidden(char: str) -> bool:
    """A character no one types in a name and that can disguise one: control characters (a NUL,
    a line break), format characters such as the bidirectional overrides and isolates
    (U+202A–U+202E, U+2066–U+2069) that make a name read differently from what is stored,
    invisible spaces, and line and paragraph separators."""
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _JOINERS
    return category in ("Cc", "Cs", "Co", "Zl", "Zp")


def without_hidden(value: str) -> str:
    """What was typed in a name less the hidden characters: how it is shown back."""
    return "".join(char for char in value if not is_hidden(char))


def _allowed_number(value: str) -> identity_numbers.IdentityNumber:
    return identity_numbers.parse_allowed(value.replace(" ", ""), current_app.config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"])


class GrantPowerOfAttorneySchema(Schema):
    pid = fields.String(required=True, error_messages={"required": _l("Skriv fødselsnummeret til den som skal få fullmakt.")})
    name = fields.String(required=True, validate=validate.Length(max=NAME_MAX, error=_l("Navnet kan ha høyst 200 tegn.")),
                         error_messages={"required": _l("Skriv navnet til den som skal få fullmakt.")})
    scopes = fields.List(fields.String(validate=validate.OneOf([s.value for s in AttorneyScope])), load_default=list)
    valid_to = fields.Date(load_default=None, error_messages={"invalid": _l("Skriv datoen som dd.mm.åååå, for eksempel 31.12.2027.")})

    @validates("pid")
    def _a_real_number(self, value: str, **_kwargs) -> None:
        try:
            _allowed_number(value)
        except identity_numbers.InvalidIdentityNumber:
            raise ValidationError(_l("Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer.")) from None

    @validates("name")
    def _a_name(self, value: str, **_kwargs) -> None:
        if any(is_hidden(char) for char in value):
            raise ValidationError(_l("Navnet har usynlige tegn eller kontrolltegn. Vi har tatt dem bort: se over navnet og send igjen."))
        if not value.strip():
            raise ValidationError(_l("Skriv navnet til den som skal få fullmakt."))

    @validates("valid_to")
    def _not_in_the_past(self, value: date | None, **_kwargs) -> None:
        if value is not None and value < today():
            raise ValidationError(_l("Sluttdatoen kan ikke være før i dag."))

    @validates_schema
    def _something_granted(self, data: dict, **_kwargs) -> None:
        if not data.get("scopes"):
            raise ValidationError(_l("Velg hva fullmakten gjelder."), field_name="scopes")


def parse_form(form) -> dict:
    """The form as the schema wants it: several scopes, and a date typed the Norwegian way."""
    raw = {key: form.get(key, "").strip() for key in ("pid", "name", "valid_to")}
    data = {k: v for k, v in raw.items() if v}
    if "valid_to" in data:
        data["valid_to"] = _iso_date(data["valid_to"])
    # Only the scopes the law allows in a fullmakt; anything else (say, "consent") counts as none.
    known = {s.value for s in AttorneyScope}
    data["scopes"] = [scope for scope in form.getlist("scopes") if scope in known]
    loaded = GrantPowerOfAttorneySchema().load(data)
    loaded["pid"] = _allowed_number(loaded["pid"])
    loaded["name"] = loaded["name"].strip()
    return loaded


def _iso_date(typed: str) -> str:
    """Accept 31.12.2027 (as Norwegians write it) as well as 2027-12-31 (a date field)."""
    parts = typed.replace("/", ".").split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        day, month, year = parts
        return f"{year.zfill(4)}-{month.zfill(2)}-{day.zfill(2)}"
    return typed
