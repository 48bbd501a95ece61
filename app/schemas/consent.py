"""The consent forms: which areas, what is excluded, why, from when and until when, and, when a
parent acts for a child aged 7–15, what the child thinks. Who acts and for whom is never here:
that comes from the server's actor."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, post_load, validates_schema

from app.schemas.base import FormSchema
from app.schemas.fields import Choice, Choices, NorwegianDate, Text
from app.services.consents import AREAS, CHILD_VIEWS, ChildView, Terms

CHILD_FIELDS = ("child_view", "child_view_text")


class _HearsChild(FormSchema):
    """The child's view, when a parent acts for a child of 7–15 (`hears_child`); no one else
    records it, so for anyone else it is never read."""

    child_view = Choice(CHILD_VIEWS, _l("Velg hva barnet mener."), label=_l("Barnets mening"), load_default=None)
    child_view_text = Text(load_default=None, label=_l("Hva sa barnet?"))

    def __init__(self, hears_child: bool = True, **kwargs):
        super().__init__(exclude=() if hears_child else CHILD_FIELDS, **kwargs)


def _child_of(data: dict) -> ChildView:
    view = data.get("child_view")
    return ChildView(view, data.get("child_view_text") if view else None)


class ChildViewSchema(_HearsChild):
    """A withdrawal or the plan consent: only the child's view is typed."""

    @post_load
    def _child(self, data: dict, **_kwargs) -> dict:
        return {"child": _child_of(data)}


class SharingConsentSchema(_HearsChild):
    areas = Choices(
        AREAS,
        _l("Velg bare blant områdene på listen."),
        missing=_l("Velg minst ett område. Vil du ikke dele noe, kan du trekke samtykket tilbake."),
        label=(_l("Hvilke opplysninger kan deles?"), _l("Hva kan de snakke om?")),
    )
    exclusions = Text(load_default=None, label=_l("Er det noe som ikke skal deles?"))
    purpose = Text(
        label=_l("Hva skal opplysningene brukes til?"),
        required=True,
        error_messages={"required": _l("Skriv hva opplysningene skal brukes til.")},
    )
    valid_from = NorwegianDate(
        label=_l("Første dag samtykket gjelder"),
        required=True,
        error_messages={"required": _l("Skriv fra hvilken dag samtykket gjelder.")},
    )
    valid_to = NorwegianDate(label=_l("Siste dag samtykket gjelder"), load_default=None)

    def __init__(self, today: date, kept_from: date | None = None, hears_child: bool = True, **kwargs):
        super().__init__(hears_child, **kwargs)
        self.today, self.kept_from = today, kept_from  # kept_from: a start already in force may stay

    @validates_schema(skip_on_field_errors=False)
    def _dates_in_order(self, data: dict, **_kwargs) -> None:
        errors: dict[str, list] = {}
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        # A consent cannot reach back: what was shared before it was given was shared without it.
        if valid_from is not None and valid_from < self.today and valid_from != self.kept_from:
            errors["valid_from"] = [_l("Samtykket kan ikke gjelde fra en dag som har vært.")]
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            errors["valid_to"] = [_l("Siste dag kan ikke være før første dag.")]
        elif valid_to is not None and valid_to < self.today:
            errors["valid_to"] = [_l("Siste dag kan ikke være før i dag.")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _terms(self, data: dict, **_kwargs) -> dict:
        terms = Terms(
            areas=tuple(a for a in AREAS if a in data["areas"]),
            purpose=data["purpose"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            exclusions=data["exclusions"],
        )
        return {"terms": terms, "child": _child_of(data)}
