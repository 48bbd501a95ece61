"""The form for granting a fullmakt: who (identity number and name), what, until when."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, post_load, validates

from app.domain import identity_numbers
from app.domain.clock import today
from app.domain.rules import AttorneyScope
from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, Choices, Name, NorwegianDate, Text, is_hidden

SCOPES = tuple(scope.value for scope in AttorneyScope)
NO_SCOPE = _l("Velg hva fullmakten gjelder.")
BAD_NUMBER = _l("Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer.")


def _allowed_number(value: str) -> identity_numbers.IdentityNumber:
    return identity_numbers.parse_allowed(
        value.replace(" ", ""), current_app.config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"]
    )


class GrantPowerOfAttorneySchema(FormSchema):
    pid = Text(
        SHORT_MAX,
        BAD_NUMBER,
        required=True,
        error_messages={"required": _l("Skriv fødselsnummeret til den som skal få fullmakt.")},
    )
    name = Name(
        SHORT_MAX,
        _l("Navnet kan ha høyst %(max)s tegn.", max=SHORT_MAX),
        required=True,
        error_messages={"required": _l("Skriv navnet til den som skal få fullmakt.")},
    )
    # Only the scopes the law allows in a fullmakt: anything else (say, "consent") grants nothing.
    scopes = Choices(SCOPES, NO_SCOPE, missing=NO_SCOPE)
    valid_to = NorwegianDate(load_default=None)

    @validates("pid")
    def _a_real_number(self, value: str, **_kwargs) -> None:
        try:
            _allowed_number(value)
        except identity_numbers.InvalidIdentityNumber:
            raise ValidationError(BAD_NUMBER) from None

    @validates("name")
    def _a_name(self, value: str, **_kwargs) -> None:
        if any(is_hidden(char) for char in value):
            raise ValidationError(
                _l("Navnet har usynlige tegn eller kontrolltegn. Vi har tatt dem bort: se over navnet og send igjen.")
            )

    @validates("valid_to")
    def _not_in_the_past(self, value: date | None, **_kwargs) -> None:
        if value is not None and value < today():
            raise ValidationError(_l("Sluttdatoen kan ikke være før i dag."))

    @post_load
    def _holder(self, data: dict, **_kwargs) -> dict:
        return {**data, "pid": _allowed_number(data["pid"])}
