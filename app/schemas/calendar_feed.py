"""Form input for the calendar feed: what it should hold."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.schemas.base import FormSchema
from app.schemas.fields import Carried, Choices

INCLUDE = ("measures", "meetings")
CHOOSE = _l("Velg minst én ting kalenderen skal vise.")


class CalendarFeedSchema(FormSchema):
    include = Choices(INCLUDE, CHOOSE, missing=CHOOSE, label=_l("Hva skal kalenderen vise?"))
    feed = Carried(load_default=None)  # the link the form was shown with: renewed only if still the same
