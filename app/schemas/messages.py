"""Form input for a message in the plan: the words (trimmed, control characters other than line
ends and tabs dropped, at most MESSAGE_MAX characters), and for a 12–15-year-old whether her
parents may read it; for the coordinator, which private message they answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.schemas.base import FormSchema
from app.schemas.fields import Choice, Text
from app.services.messages import MESSAGE_MAX

NOT_OFFERED = _l("Velg blant valgene på siden.")


class MessageSchema(FormSchema):
    text = Text(
        MESSAGE_MAX,
        label=_l("Melding"),
        required=True,
        error_messages={"required": _l("Skriv meldingen før du sender den.")},
    )
    private = Choice(("on",), NOT_OFFERED, load_default="")


class ReplyReference(fields.String):
    """The message a reply answers, carried by a hidden field; anything but a number is dropped."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = value if isinstance(value, str) else ""
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


class ReplySchema(FormSchema):
    text = Text(
        MESSAGE_MAX,
        label=_l("Melding"),
        required=True,
        error_messages={"required": _l("Skriv meldingen før du sender den.")},
    )
    reply_to = ReplyReference(load_default=None)
