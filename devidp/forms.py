"""The TestID login form: a synthetic identity number, typed or picked, and a level."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app import assurance_levels
from app.domain import identity_numbers

# The messages TestID users read, in Bokmål like the rest of the page.
MESSAGES = {
    "format": "Fødselsnummeret må være 11 siffer.",
    "check_digits": "Fødselsnummeret er ikke gyldig. Sjekk at du har skrevet det riktig.",
    "individual_number": "Fødselsnummeret er ikke gyldig. Sjekk at du har skrevet det riktig.",
    "birth_date": "Fødselsnummeret har ikke en gyldig dato.",
    "not_synthetic": "TestID tar bare imot syntetiske fødselsnumre, der måneden er lagt til 80.",
    "level": "Velg et sikkerhetsnivå som er minst like høyt som tjenesten ber om.",
}


class LoginForm(Schema):
    class Meta:
        unknown = EXCLUDE

    pid = fields.String(load_default="", validate=validate.Length(max=40))
    person = fields.String(load_default="", validate=validate.Length(max=11))
    acr = fields.String(load_default="")
    action = fields.String(load_default="login", validate=validate.OneOf(["login", "cancel"]))

    def __init__(self, required_acr: str, **kwargs):
        super().__init__(**kwargs)
        self.required_acr = required_acr

    @validates_schema
    def check(self, data, **_kwargs):
        if data["action"] == "cancel":
            return
        errors = {}
        chosen = data["person"] or data["pid"].replace(" ", "")
        try:
            if not identity_numbers.parse(chosen).synthetic:
                errors["pid"] = [MESSAGES["not_synthetic"]]
        except identity_numbers.InvalidIdentityNumber as error:
            errors["pid"] = [MESSAGES[error.reason]]
        if not assurance_levels.satisfies(data["acr"] or self.required_acr, self.required_acr):
            errors["acr"] = [MESSAGES["level"]]
        if errors:
            raise ValidationError(errors)
        data["chosen_pid"] = chosen
        data["acr"] = data["acr"] or self.required_acr
