"""What a KE officer writes before opening a plan they are not appointed to: the reason, which the
person reads in their access log."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates

from app.schemas.base import FormSchema
from app.schemas.fields import Text, length
from app.services.staff_plans import REASON_MAX, REASON_MIN

WRITE_REASON = _l("Skriv hvorfor du trenger å se planen.")


class PlanReasonSchema(FormSchema):
    reason = Text(
        REASON_MAX,
        label=_l("Hvorfor trenger du å se planen?"),
        required=True,
        error_messages={"required": WRITE_REASON},
    )

    @validates("reason")
    def _says_something(self, value: str, **_kwargs) -> None:
        # A word or two ("sjekk") tells the person nothing about why their plan was opened.
        if length(value) < REASON_MIN:
            raise ValidationError(_("Skriv minst %(num)s tegn, så personen forstår hvorfor.", num=REASON_MIN))
