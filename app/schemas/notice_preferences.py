"""Form input for which notices a person wants by e-mail and SMS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.domain.notice_topics import Channel, Topic
from app.schemas.base import FormSchema
from app.schemas.fields import Choices

# Only a forged form sends a value the page never offered; the view refuses it whole.
NOT_OFFERED = _l("Velg blant valgene på siden.")


class NoticePreferenceSchema(FormSchema):
    # Nothing ticked is a choice too (no notices at all), so neither list is required.
    channels = Choices([str(c) for c in Channel], NOT_OFFERED)
    topics = Choices([str(t) for t in Topic], NOT_OFFERED)
