"""The form for granting a fullmakt: who (identity number and name), what, until when; and
whether it may be given at all, said together with the form's other errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, post_load, validates, validates_schema

from app.domain import identity_numbers
from app.domain.clock import today
from app.domain.rules import AttorneyScope
from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, Choices, Name, NorwegianDate, Text, is_hidden

SCOPES = tuple(scope.value for scope in AttorneyScope)
NO_SCOPE = _l("Velg hva fullmakten gjelder.")
BAD_NUMBER = _l("Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer.")
# Why a fullmakt cannot be given (app.services.power_of_attorney.CannotGrant's reasons), in words.
REFUSALS = {
    "self": _l("Du kan ikke gi fullmakt til deg selv."),
    "grantor_too_young": _l("Du må være minst 16 år for å gi fullmakt."),
    "holder_too_young": _l("Den som får fullmakt, må være minst 18 år."),
    "already_granted": _l(
        "Du har allerede gitt denne personen en fullmakt. Trekk den tilbake først hvis du vil endre den."
    ),
}

# Asked with the holder's number and what else loaded: a CannotGrant reason, or None.
Refusal = Callable[[identity_numbers.IdentityNumber, dict], "str | None"]


def _allowed_number(value: str) -> identity_numbers.IdentityNumber:
    return identity_numbers.parse_allowed(
        value.replace(" ", ""), current_app.config["ALLOW_SYNTHETIC_IDENTITY_NUMBERS"]
    )


class GrantPowerOfAttorneySchema(FormSchema):
    pid = Text(
        SHORT_MAX,
        BAD_NUMBER,
        label=_l("Fødselsnummer"),
        required=True,
        error_messages={"required": _l("Skriv fødselsnummeret til den som skal få fullmakt.")},
    )
    name = Name(
        SHORT_MAX,
        _l("Navnet kan ha høyst %(max)s tegn.", max=SHORT_MAX),
        label=_l("Fullt navn"),
        required=True,
        error_messages={"required": _l("Skriv navnet til den som skal få fullmakt.")},
    )
    # Only the scopes the law allows in a fullmakt: anything else (say, "consent") grants nothing.
    scopes = Choices(SCOPES, NO_SCOPE, missing=NO_SCOPE, label=_l("Hva skal fullmakten gjelde?"))
    valid_to = NorwegianDate(label=_l("Siste dag fullmakten gjelder"), load_default=None)

    def __init__(self, refusal: Refusal | None = None, **kwargs):
        super().__init__(**kwargs)
        self.refusal = refusal  # the service's judgement, asked once the number is a real one

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

    @validates_schema(skip_on_field_errors=False)
    def _may_be_given(self, data: dict, **_kwargs) -> None:
        if self.refusal is None or "pid" not in data:  # no number, or one refused at the field
            return
        reason = self.refusal(_allowed_number(data["pid"]), data)
        if reason is not None:
            raise ValidationError(str(REFUSALS[reason]), "pid")

    @post_load
    def _holder(self, data: dict, **_kwargs) -> dict:
        return {**data, "pid": _allowed_number(data["pid"])}
