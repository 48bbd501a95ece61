"""Form input for "Hva er viktig for deg?": the person's own words, bounded and cleaned.

Text is stored as typed (escaped on output by Jinja), less control characters
(app.schemas.without_control)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from werkzeug.datastructures import MultiDict

from app.schemas import without_control
from app.services.wizard_steps import IMPORTANCE, LIFE_AREAS, NEED_CHOICES, SHORT_MAX, TEXT_MAX

TOO_LONG = {TEXT_MAX: _l("Svaret kan ha høyst 2000 tegn. Nå er det for langt. Det du skrev, står der fortsatt."),
            SHORT_MAX: _l("Svaret kan ha høyst 200 tegn. Nå er det for langt. Det du skrev, står der fortsatt.")}


class FreeText(fields.String):
    """A free-text answer: control characters dropped, Windows line ends made plain, blank is empty."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = without_control(text.replace("\r\n", "\n").replace("\r", "\n"))
        return text if text.strip() else ""


def _bounded(maximum: int, required: bool = False, required_message=None):
    validators = [validate.Length(max=maximum, error=TOO_LONG[maximum])]
    field = FreeText(load_default="", validate=validators)
    if required:
        field = FreeText(required=True, validate=[validate.Length(min=1, error=required_message), *validators],
                         error_messages={"required": required_message})
    return field


class ImportantSchema(Schema):
    important = _bounded(TEXT_MAX)


class AreasSchema(Schema):
    areas = fields.List(fields.String(validate=validate.OneOf(LIFE_AREAS, error=_l("Velg blant livsområdene på siden."))),
                        required=True, validate=validate.Length(min=1, error=_l("Velg minst ett livsområde.")),
                        error_messages={"required": _l("Velg minst ett livsområde.")})
    other_area = _bounded(SHORT_MAX)

    @validates_schema
    def other_needs_words(self, data, **kwargs):
        if "other" in data.get("areas", []) and not data.get("other_area"):
            raise ValidationError(_l("Skriv hva det andre livsområdet er."), "other_area")


class GoalSchema(Schema):
    text = _bounded(TEXT_MAX, required=True, required_message=_l("Skriv målet ditt med egne ord."))
    importance = fields.String(load_default="", validate=validate.OneOf(
        ("", *IMPORTANCE), error=_l("Velg hvor viktig målet er.")))


class HelpSchema(Schema):
    own = _bounded(TEXT_MAX)
    network = _bounded(TEXT_MAX)
    needs = _bounded(TEXT_MAX)
    needs_choices = fields.List(fields.String(validate=validate.OneOf(NEED_CHOICES, error=_l("Velg blant valgene på siden."))),
                                load_default=list)


class ParticipantsSchema(Schema):
    participants = _bounded(TEXT_MAX)
    trusted_person = _bounded(SHORT_MAX)


LIST_FIELDS = {"areas", "needs_choices"}


def form_values(form: MultiDict, schema: Schema) -> dict:
    """What the person typed, for the schema and for showing it again: lists stay lists, a field
    given twice takes the first (only lists are meant to repeat), and nothing else is read.
    Control characters are dropped here already: shown again, they would make the page invalid."""
    typed = {}
    for name in schema.fields:
        if name in LIST_FIELDS:
            typed[name] = [value for value in form.getlist(name) if value][:len(LIFE_AREAS) + len(NEED_CHOICES)]
        else:
            typed[name] = without_control(form.get(name, ""))
    return typed


def parse(schema: Schema, typed: dict) -> dict:
    """Load the typed answers; empty lists count as missing so "at least one" says so."""
    data = {k: v for k, v in typed.items() if not (k in LIST_FIELDS and not v and schema.fields[k].required)}
    if isinstance(schema, GoalSchema) and not (typed.get("text") or "").strip():
        data["text"] = ""  # blank or only spaces: the "write your goal" message, not a length message
    loaded = schema.load(data)
    if isinstance(schema, GoalSchema) and not loaded.get("text"):
        raise ValidationError({"text": [str(_l("Skriv målet ditt med egne ord."))]})
    return loaded
