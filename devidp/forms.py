"""The login forms: TestID's (a synthetic identity number, typed or picked, and a level) and the
staff realm's (a synthetic staff member, picked or typed, and password with or without MFA)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app import assurance_levels
from app.domain import identity_numbers
from devidp.realms import STAFF_ACR_MFA, STAFF_ACR_PASSWORD, STAFF_AMR, staff_member

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


STAFF_MESSAGES = {
    "missing": "Velg en ansatt, eller skriv et brukernavn.",
    "unknown": "Fant ingen ansatt med brukernavnet «{username}». Velg en fra listen, eller sjekk skrivemåten.",
    "too_long": "Brukernavnet kan ikke være lengre enn 64 tegn.",
    "method": "Velg hvordan du vil logge inn.",
}
STAFF_METHODS = {"mfa": STAFF_ACR_MFA, "pwd": STAFF_ACR_PASSWORD}


class StaffLoginForm(Schema):
    """A typed username goes before a picked one; "pwd" logs in without MFA, on purpose."""

    class Meta:
        unknown = EXCLUDE

    username = fields.String(load_default="", validate=validate.Length(max=64, error=STAFF_MESSAGES["too_long"]))
    staff = fields.String(load_default="", validate=validate.Length(max=64, error=STAFF_MESSAGES["too_long"]))
    method = fields.String(load_default="mfa", validate=validate.OneOf(STAFF_METHODS, error=STAFF_MESSAGES["method"]))
    action = fields.String(load_default="login", validate=validate.OneOf(["login", "cancel"]))

    @validates_schema
    def check(self, data, **_kwargs):
        if data["action"] == "cancel":
            return
        chosen = data["username"].strip().lower() or data["staff"]
        if not chosen:
            raise ValidationError({"username": [STAFF_MESSAGES["missing"]]})
        if staff_member(chosen) is None:
            raise ValidationError({"username": [STAFF_MESSAGES["unknown"].format(username=chosen)]})
        data["chosen_username"] = chosen
        data["acr"] = STAFF_METHODS[data["method"]]
        data["amr"] = list(STAFF_AMR[data["acr"]])
