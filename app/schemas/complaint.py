"""Form input for a complaint (pbrl § 7-2): what it is about, and what happened and what the
person wants, in their own words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.domain.cases import ComplaintReason
from app.schemas.base import FormSchema
from app.schemas.fields import TEXT_MAX, Choice, Text

REASONS = tuple(str(reason) for reason in ComplaintReason)


class CaseReference(fields.String):
    """A case number carried by a hidden field, or "" for anything else."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = value if isinstance(value, str) else ""
        return text if text.isascii() and text.isdigit() and len(text) <= 10 else ""


class ComplaintSchema(FormSchema):
    reason = Choice(
        REASONS,
        _l("Velg blant valgene på siden."),
        label=_l("Hva gjelder klagen?"),
        required=True,
        error_messages={"required": _l("Velg hva klagen gjelder.")},
    )
    happened = Text(
        TEXT_MAX,
        label=_l("Hva har skjedd?"),
        required=True,
        error_messages={"required": _l("Skriv hva som har skjedd.")},
    )
    wanted = Text(
        TEXT_MAX,
        label=_l("Hva ønsker du?"),
        required=True,
        error_messages={"required": _l("Skriv hva du ønsker at kommunen skal gjøre.")},
    )
    # The case the complaint is about, when it came from a case's page; checked against the
    # person's own cases by the service, so a forged id reaches nothing. A hidden field the person
    # never sees: anything but a case number is dropped, never an error they could not fix.
    about = CaseReference(load_default="")
