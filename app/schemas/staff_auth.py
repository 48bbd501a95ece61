"""What the staff login link may carry."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class StaffLoginStartSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    next = fields.String(load_default=None, validate=validate.Length(max=2000))
    fresh = fields.Boolean(load_default=False)
