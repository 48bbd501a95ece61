"""What the coordinator writes when the plan is revised with the person: what went well, what
changes (in plain words: the person reads them), and when the plan is next revised."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.domain import clock
from app.schemas.base import FormSchema
from app.schemas.fields import NorwegianDate, Text, Version
from app.services.revisions import WORDS_MAX


class RevisionSchema(FormSchema):
    private_from_parents = fields.String(load_default=None)
    went_well = Text(
        WORDS_MAX,
        label=_l("Hva har gått bra"),
        required=True,
        error_messages={"required": _l("Skriv hva som har gått bra, med enkle ord.")},
    )
    changes = Text(
        WORDS_MAX,
        label=_l("Hva skal endres"),
        required=True,
        error_messages={"required": _l("Skriv hva som skal endres, med enkle ord.")},
    )
    next_revision = NorwegianDate(
        label=_l("Neste revisjon"),
        required=True,
        error_messages={"required": _l("Skriv datoen planen skal gås gjennom neste gang.")},
    )
    version = Version(minimum=1, required=True)

    @validates_schema(skip_on_field_errors=False)
    def after_today(self, data, **kwargs):
        if "next_revision" in data and data["next_revision"] <= clock.today():
            raise ValidationError({"next_revision": [_l("Datoen for neste revisjon må være etter i dag.")]})
