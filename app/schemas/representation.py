"""Form input for choosing whom to act for."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates

from app.schemas import form_integer
from app.urls import safe_next


class ChooseSubjectSchema(Schema):
    subject = fields.String(required=True, error_messages={"required": _l("Velg hvem du vil handle for.")})
    next = fields.String(load_default="/min-side")

    @validates("subject")
    def _self_or_a_number(self, value: str, **_kwargs) -> None:
        if value != "self" and form_integer(value, minimum=1) is None:
            raise ValidationError(_l("Velg hvem du vil handle for."))

    def load_choice(self, form) -> tuple[int | None, str]:
        data = self.load({k: form.get(k) for k in ("subject", "next") if form.get(k) not in (None, "")})
        subject = None if data["subject"] == "self" else form_integer(data["subject"], minimum=1)
        return subject, safe_next(data["next"], default="/min-side")
