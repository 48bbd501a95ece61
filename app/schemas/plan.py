"""Form input for the plan: how a goal is going."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from app.services.plans import RATINGS

COMMENT_MAX = 2000


class EvaluationSchema(Schema):
    rating = fields.String(required=True, validate=validate.OneOf(RATINGS, error=_l("Velg hvordan det går.")),
                           error_messages={"required": _l("Velg hvordan det går.")})
    comment = fields.String(load_default=None, validate=validate.Length(
        max=COMMENT_MAX, error=_l("Kommentaren kan ha høyst 2000 tegn. Nå er den for lang.")))
