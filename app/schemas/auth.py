"""What ID-porten's redirects and our login links may carry; anything else is refused."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from app.assurance_levels import LEVELS

# Generous bounds: real values are far shorter; longer ones are attacks or corruption.
_TOKENISH = validate.Regexp(r"^[\x21-\x7e]+$")  # printable ASCII without spaces
_TEXT = validate.Regexp(r"^[^\x00-\x1f\x7f]*$")  # any text without control characters


class LoginStartSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    next = fields.String(load_default=None, validate=validate.Length(max=2000))
    acr = fields.String(load_default=None, validate=validate.OneOf(LEVELS))
    fresh = fields.Boolean(load_default=False)
    max_age = fields.Integer(load_default=None, validate=validate.Range(min=0, max=24 * 3600))


class CallbackSchema(Schema):
    """The authorization response (RFC 6749 §4.1.2, RFC 9207 for `iss`)."""

    class Meta:
        unknown = EXCLUDE

    code = fields.String(load_default=None, validate=[validate.Length(min=1, max=512), _TOKENISH])
    state = fields.String(load_default=None, validate=[validate.Length(min=1, max=256), _TOKENISH])
    iss = fields.String(load_default=None, validate=[validate.Length(min=1, max=512), _TOKENISH])
    error = fields.String(load_default=None, validate=[validate.Length(min=1, max=100), _TOKENISH])
    error_description = fields.String(load_default=None, validate=[validate.Length(max=1000), _TEXT])


class FrontChannelLogoutSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    iss = fields.String(required=True, validate=[validate.Length(min=1, max=512), _TOKENISH])
    sid = fields.String(required=True, validate=[validate.Length(min=1, max=200), _TOKENISH])


class LogoutReturnSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    state = fields.String(load_default=None, validate=[validate.Length(min=1, max=256), _TOKENISH])
