"""Form input for the plan: how a goal is going."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, pre_load, validate

from app.schemas import INT_MAX, clean
from app.services.plans import RATINGS

COMMENT_MAX = 2000


class EvaluationSchema(Schema):
    @pre_load
    def without_control_characters(self, data, **kwargs):
        return {key: clean(value) if key == "comment" else value for key, value in data.items()}

    rating = fields.String(required=True, validate=validate.OneOf(RATINGS, error=_l("Velg hvordan det går.")),
                           error_messages={"required": _l("Velg hvordan det går.")})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=COMMENT_MAX, error=_l("Kommentaren kan ha høyst 2000 tegn. Nå er den for lang.")))

TEXT_MAX = 2000
TOPIC_MAX = 1000


def _words(required: bool, missing: str | None = None):
    """A text in the person's own words: kept as typed (trimmed), bounded, never empty when needed."""
    messages = {"required": missing, "null": missing} if missing else {}
    optional = {} if required else {"load_default": None, "allow_none": True}
    return fields.String(required=required, error_messages=messages, **optional,
                         validate=[validate.Length(max=TEXT_MAX, error=_l(
                             "Teksten kan ha høyst 2000 tegn. Nå er den for lang."))])


class GoalWordsSchema(Schema):
    text = _words(True, _l("Skriv hva du vil oppnå."))
    own_resources = _words(False)
    network_help = _words(False)
    needs = _words(False)
    version = fields.Integer(required=True, strict=False, validate=validate.Range(min=1, max=INT_MAX))

    @pre_load
    def blank_is_missing(self, data, **kwargs):
        return {key: clean(value) for key, value in data.items()}


class TopicSchema(Schema):
    topic = fields.String(required=True, error_messages={"required": _l("Skriv hva du vil snakke om."),
                                                          "null": _l("Skriv hva du vil snakke om.")},
                          validate=[validate.Length(max=TOPIC_MAX, error=_l(
                              "Teksten kan ha høyst 1000 tegn. Nå er den for lang."))])

    @pre_load
    def blank_is_missing(self, data, **kwargs):
        return {key: clean(value) for key, value in data.items()}
