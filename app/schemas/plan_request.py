"""Form input for asking for an individuell plan (or a coordinator only): the person's own words,
and how to be reached."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates_schema

from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, TEXT_MAX, Choice, Text
from app.services.plan_requests import CONTACT_WAYS, WANTS

# A Norwegian number of 8 digits, or a number with a country code; spaces allowed as people write them.
_PHONE = re.compile(r"\A\+?[0-9 ]{8,20}\Z")
_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")


class PlanRequestSchema(FormSchema):
    # A plan with a coordinator unless the person chooses a coordinator only (the form shows it chosen).
    wants = Choice(WANTS, _l("Velg blant valgene på siden."), load_default="plan")
    wish = Text(TEXT_MAX, label=_l("Hjelp til"), load_default="")
    coordinator_wish = Text(SHORT_MAX, label=_l("Ønske om koordinator"), load_default="")
    contact_by = Choice(
        CONTACT_WAYS,
        _l("Velg blant valgene på siden."),
        required=True,
        error_messages={"required": _l("Velg hvordan kommunen kan kontakte deg.")},
    )
    contact_phone = Text(30, _l("Telefonnummeret er for langt."), label=_l("Telefonnummer"), load_default="")
    contact_email = Text(SHORT_MAX, _l("E-postadressen er for lang."), label=_l("E-postadresse"), load_default="")

    @validates_schema(skip_on_field_errors=False)
    def reachable(self, data, **kwargs):
        """The way chosen needs its number or address; the other field is not asked about."""
        errors = {}
        way = data.get("contact_by")
        phone, email = data.get("contact_phone") or "", data.get("contact_email") or ""
        if way == "phone" and "contact_phone" in data:
            if not phone:
                errors["contact_phone"] = [_l("Skriv telefonnummeret kommunen kan ringe.")]
            elif not _PHONE.match(phone):
                errors["contact_phone"] = [_l("Skriv telefonnummeret med 8 sifre, for eksempel 912 34 567.")]
        if way == "email" and "contact_email" in data:
            if not email:
                errors["contact_email"] = [_l("Skriv e-postadressen kommunen kan skrive til.")]
            elif not _EMAIL.match(email):
                errors["contact_email"] = [_l("Skriv e-postadressen slik: navn@eksempel.no.")]
        if errors:
            raise ValidationError(errors)
