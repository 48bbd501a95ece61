"""Form input for "Hva er viktig for deg?": the person's own words, bounded and cleaned."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates_schema

from app.schemas.base import FormSchema, cleaned_value
from app.schemas.fields import SHORT_MAX, TEXT_MAX, Choice, Choices, Text
from app.services.wizard_steps import IMPORTANCE, LIFE_AREAS, NEED_CHOICES

# Each answer's name in the error summary: the question as the page asks it, standard and easy-read
# (the same words as app/wizard/words.py QUESTIONS, which a test holds them to).
LABELS = {
    "important": (_l("Hva er viktig for deg?"), _l("Hva er viktig for deg?")),
    "areas": (_l("Hvilke deler av livet vil du ha hjelp med?"), _l("Hva vil du ha hjelp med?")),
    "other_area": (_l("Hva er det andre?"), _l("Hva er det?")),
    "text": (_l("Hva er målet ditt?"), _l("Hva vil du?")),
    "importance": (_l("Hvor viktig er dette målet for deg?"), _l("Hvor viktig er det?")),
    "own": (_l("Hva klarer du selv?"), _l("Hva kan du gjøre selv?")),
    "network": (_l("Hvem i familien din eller blant andre du kjenner hjelper deg?"), _l("Hvem gir deg hjelp nå?")),
    "needs_choices": (_l("Hva trenger du hjelp til?"), _l("Hva trenger du hjelp til?")),
    "needs": (_l("Skriv mer om hva du trenger hjelp til (valgfritt)"), _l("Vil du skrive mer?")),
    "participants": (_l("Hvem vil du ha med i planleggingen?"), _l("Hvem vil du ha med?")),
    "trusted_person": (
        _l("Vil du ta med deg noen du stoler på i møtet? (valgfritt)"),
        _l("Vil du ha med en du stoler på?"),
    ),
}


def _answer(name: str, maximum: int = TEXT_MAX, **kwargs) -> Text:
    """A free-text answer; left blank, it is an empty answer unless one is required."""
    if not kwargs.get("required"):
        kwargs.setdefault("load_default", "")
    return Text(maximum, label=LABELS[name], **kwargs)


class ImportantSchema(FormSchema):
    important = _answer("important")


class AreasSchema(FormSchema):
    areas = Choices(
        LIFE_AREAS,
        _l("Velg blant livsområdene på siden."),
        missing=_l("Velg minst ett livsområde."),
        label=LABELS["areas"],
    )
    other_area = _answer("other_area", SHORT_MAX)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def other_needs_words(self, data, original_data, **kwargs):
        # From what was sent, not what loaded: an area list refused for another reason still chose "other".
        chosen = cleaned_value(self.fields["areas"], original_data.get("areas") or [])
        if "other" in chosen and not cleaned_value(self.fields["other_area"], original_data.get("other_area") or ""):
            raise ValidationError(_l("Skriv hva det andre livsområdet er."), "other_area")


class GoalSchema(FormSchema):
    text = _answer("text", required=True, error_messages={"required": _l("Skriv målet ditt med egne ord.")})
    importance = Choice(IMPORTANCE, _l("Velg hvor viktig målet er."), label=LABELS["importance"], load_default="")


class HelpSchema(FormSchema):
    own = _answer("own")
    network = _answer("network")
    needs = _answer("needs")
    needs_choices = Choices(NEED_CHOICES, _l("Velg blant valgene på siden."), label=LABELS["needs_choices"])


class ParticipantsSchema(FormSchema):
    participants = _answer("participants")
    trusted_person = _answer("trusted_person", SHORT_MAX)
