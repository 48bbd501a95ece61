"""Form input for choosing whom to act for."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, post_load, validates

from app.schemas import form_integer
from app.schemas.base import FormSchema
from app.urls import safe_next

CHOOSE = _l("Velg hvem du vil handle for.")


class ChooseSubjectSchema(FormSchema):
    subject = fields.String(
        required=True, error_messages={"required": CHOOSE}, metadata={"label": _l("Hvem vil du handle for?")}
    )
    next = fields.String(load_default="/min-side")

    @validates("subject")
    def _self_or_a_number(self, value: str, **_kwargs) -> None:
        if value != "self" and form_integer(value, minimum=1) is None:
            raise ValidationError(CHOOSE)

    @post_load
    def _choice(self, data: dict, **_kwargs) -> dict:
        """The representation chosen (None: oneself), and a safe place to go next."""
        subject = None if data["subject"] == "self" else form_integer(data["subject"], minimum=1)
        return {"subject": subject, "next": safe_next(data["next"], default="/min-side")}
