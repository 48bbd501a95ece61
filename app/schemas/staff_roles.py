"""Form input for giving a staff member a role: their address, the role, and the municipality
(one of those where the officer is KE officer; the page offers only those)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates

from app.domain.staff_access import Role
from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, Choice, Text

_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")
NOT_OFFERED = _l("Velg blant valgene på siden.")


class GrantRoleSchema(FormSchema):
    """`municipalities`: the ids (as the form sends them) of the municipalities the officer manages."""

    email = Text(
        SHORT_MAX,
        _l("E-postadressen er for lang."),
        label=_l("E-postadresse"),
        required=True,
        error_messages={"required": _l("Skriv e-postadressen den ansatte logger inn med.")},
    )
    role = Choice(
        [str(role) for role in Role],
        NOT_OFFERED,
        label=_l("Rolle"),
        required=True,
        error_messages={"required": _l("Velg hvilken rolle den ansatte skal ha.")},
    )

    municipality = fields.String(
        required=True,
        metadata={"label": _l("Kommune")},
        error_messages={"required": _l("Velg hvilken kommune rollen gjelder.")},
    )

    def __init__(self, municipalities: list[str], **kwargs):
        super().__init__(**kwargs)
        self.municipalities = tuple(municipalities)

    @validates("municipality")
    def _one_offered(self, value: str, **_kwargs) -> None:
        if value not in self.municipalities:  # a forged id, or a municipality the officer does not manage
            raise ValidationError(str(NOT_OFFERED))

    @validates("email")
    def _an_address(self, value: str, **_kwargs) -> None:
        if not _EMAIL.match(value):
            raise ValidationError(str(_l("Skriv en hel e-postadresse, slik: navn@kommune.no.")))
