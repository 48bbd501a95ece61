"""Form input for "Hva er viktig for deg?": the person's own words, bounded and cleaned."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates_schema

from app.schemas.base import FormSchema, cleaned_value
from app.schemas.fields import SHORT_MAX, TEXT_MAX, Choice, Choices, Text
from app.services.wizard_steps import IMPORTANCE, LIFE_AREAS, NEED_CHOICES

TOO_LONG = {
    TEXT_MAX: _l(
        "Svaret kan ha høyst %(max)s tegn. Nå er det for langt. Det du skrev, står der fortsatt.", max=TEXT_MAX
    ),
    SHORT_MAX: _l(
        "Svaret kan ha høyst %(max)s tegn. Nå er det for langt. Det du skrev, står der fortsatt.", max=SHORT_MAX
    ),
}


def _answer(maximum: int = TEXT_MAX, **kwargs) -> Text:
    """A free-text answer; left blank, it is an empty answer unless one is required."""
    if not kwargs.get("required"):
        kwargs.setdefault("load_default", "")
    return Text(maximum, TOO_LONG[maximum], **kwargs)


class ImportantSchema(FormSchema):
    important = _answer()


class AreasSchema(FormSchema):
    areas = Choices(LIFE_AREAS, _l("Velg blant livsområdene på siden."), missing=_l("Velg minst ett livsområde."))
    other_area = _answer(SHORT_MAX)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def other_needs_words(self, data, original_data, **kwargs):
        # From what was sent, not what loaded: an area list refused for another reason still chose "other".
        chosen = cleaned_value(self.fields["areas"], original_data.get("areas") or [])
        if "other" in chosen and not cleaned_value(self.fields["other_area"], original_data.get("other_area") or ""):
            raise ValidationError(_l("Skriv hva det andre livsområdet er."), "other_area")


class GoalSchema(FormSchema):
    text = _answer(required=True, error_messages={"required": _l("Skriv målet ditt med egne ord.")})
    importance = Choice(IMPORTANCE, _l("Velg hvor viktig målet er."), load_default="")


class HelpSchema(FormSchema):
    own = _answer()
    network = _answer()
    needs = _answer()
    needs_choices = Choices(NEED_CHOICES, _l("Velg blant valgene på siden."))


class ParticipantsSchema(FormSchema):
    participants = _answer()
    trusted_person = _answer(SHORT_MAX)
