"""Form input for the calendar feed: what it should hold."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

INCLUDE = ("measures", "meetings")


class CalendarFeedSchema(Schema):
    include = fields.List(fields.String(validate=validate.OneOf(INCLUDE)), required=True,
                          validate=validate.Length(min=1, error=_l("Velg minst én ting kalenderen skal vise.")),
                          error_messages={"required": _l("Velg minst én ting kalenderen skal vise.")})
