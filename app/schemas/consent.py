"""The consent forms: which areas, what is excluded, why, from when and until when, and, when a
parent acts for a child aged 7–15, what the child thinks. Who acts and for whom is never here:
that comes from the server's actor (app/domain/actor.py)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.schemas import form_integer, without_control
from app.schemas.power_of_attorney import _iso_date
from app.services.consents import AREAS, CHILD_VIEWS, TEXT_MAX, ChildView, Terms

DATE_ERROR = _l("Skriv datoen som dd.mm.åååå, for eksempel 31.12.2027.")
TOO_LONG = _l("Teksten kan ha høyst 2000 tegn. Nå er den for lang.")


class SharingConsentSchema(Schema):
    areas = fields.List(fields.String(), load_default=list)
    exclusions = fields.String(load_default=None, validate=validate.Length(max=TEXT_MAX, error=TOO_LONG))
    purpose = fields.String(required=True, validate=validate.Length(max=TEXT_MAX, error=TOO_LONG),
                            error_messages={"required": _l("Skriv hva opplysningene skal brukes til.")})
    valid_from = fields.Date(required=True, error_messages={"invalid": DATE_ERROR,
                                                            "required": _l("Skriv fra hvilken dag samtykket gjelder.")})
    valid_to = fields.Date(load_default=None, error_messages={"invalid": DATE_ERROR})
    child_view = fields.String(load_default=None, validate=validate.OneOf(CHILD_VIEWS, error=_l("Velg hva barnet mener.")))
    child_view_text = fields.String(load_default=None, validate=validate.Length(max=TEXT_MAX, error=TOO_LONG))

    def __init__(self, today: date, kept_from: date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.today, self.kept_from = today, kept_from  # kept_from: a start already in force may stay

    @validates_schema
    def _whole_form(self, data: dict, **_kwargs) -> None:
        errors: dict[str, list] = {}
        areas = data.get("areas") or []
        if not areas:
            errors["areas"] = [_l("Velg minst ett område. Vil du ikke dele noe, kan du trekke samtykket tilbake.")]
        elif any(area not in AREAS for area in areas):
            errors["areas"] = [_l("Velg bare blant områdene på listen.")]
        today, kept_from = self.today, self.kept_from
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        # A consent cannot reach back: what was shared before it was given was shared without it.
        if valid_from is not None and valid_from < today and valid_from != kept_from:
            errors["valid_from"] = [_l("Samtykket kan ikke gjelde fra en dag som har vært.")]
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            errors["valid_to"] = [_l("Siste dag kan ikke være før første dag.")]
        elif valid_to is not None and valid_to < today:
            errors["valid_to"] = [_l("Siste dag kan ikke være før i dag.")]
        if errors:
            raise ValidationError(errors)


def parse_sharing_form(form, today: date, kept_from: date | None, hears_child: bool) -> tuple[Terms, ChildView]:
    raw = {key: without_control(form.get(key) or "").strip() for key in
           ("exclusions", "purpose", "valid_from", "valid_to", "child_view", "child_view_text")}
    data: dict = {k: v for k, v in raw.items() if v}
    for key in ("valid_from", "valid_to"):
        if key in data:
            data[key] = _iso_date(data[key])
    data["areas"] = form.getlist("areas")
    if not hears_child:  # only a parent acting for a child of 7–15 records the child's view
        data.pop("child_view", None)
        data.pop("child_view_text", None)
    loaded = SharingConsentSchema(today, kept_from).load(data)
    terms = Terms(areas=tuple(a for a in AREAS if a in loaded["areas"]), purpose=loaded["purpose"],
                  valid_from=loaded["valid_from"], valid_to=loaded["valid_to"], exclusions=loaded["exclusions"] or None)
    return terms, parse_child_view(loaded)


def parse_child_view(loaded: dict) -> ChildView:
    view = loaded.get("child_view")
    return ChildView(view, (loaded.get("child_view_text") or None) if view else None)


class ChildViewSchema(Schema):
    child_view = fields.String(load_default=None, validate=validate.OneOf(CHILD_VIEWS, error=_l("Velg hva barnet mener.")))
    child_view_text = fields.String(load_default=None, validate=validate.Length(max=TEXT_MAX, error=TOO_LONG))


def parse_child_view_form(form, hears_child: bool) -> ChildView:
    """The child's view on a withdrawal or a plan consent, when a parent acts for a child of 7–15."""
    if not hears_child:
        return ChildView()
    data = {k: v.strip() for k in ("child_view", "child_view_text") if (v := without_control(form.get(k) or "")).strip()}
    return parse_child_view(ChildViewSchema().load(data))


def parse_version(form) -> int | None:
    """The version the form was based on; None when it is missing or forged."""
    return form_integer(form.get("version"))
