"""The coordinator's forms for one visit: cancel it, or move it to another day and time. Each form
names the visit by its schedule entry and its start as the rule gives it (hidden fields the page
wrote); the day and times are typed the Norwegian way (24.12.2026, 08.00)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.domain.clock import OSLO
from app.schemas import form_integer, without_control
from app.schemas.base import FormSchema
from app.schemas.fields import NorwegianDate, Text
from app.services.visits import NOTE_MAX

TIME_FORMAT = _l("Skriv klokkeslettet med tall, slik: 08.30.")

# What the use case's refusals say (app/services/visits.py VisitRefused.code), and at which field.
REFUSALS = {
    "not_in_rule": ("visit", _l("Dette besøket finnes ikke i timeplanen. Velg et besøk fra listen.")),
    "past": ("visit", _l("Besøket har allerede vært. Du kan bare endre besøk som kommer.")),
    "already_changed": ("visit", _l("Besøket er allerede avlyst eller flyttet. Se listen slik den er nå.")),
    "other_plan": ("visit", _l("Besøket hører ikke til denne planen.")),
    "moved_to_past": ("new_date", _l("Den nye tiden har allerede vært. Velg en tid som kommer.")),
    "too_far": ("new_date", _l("Den nye datoen er mer enn et år unna. Sjekk året.")),
    "no_such_time": ("new_start", _l("Klokkeslettet finnes ikke den natta klokka stilles fram. Velg en annen tid.")),
    "ends_before_start": ("new_end", _l("Besøket må slutte etter at det begynner.")),
}


class EntryId(fields.String):
    """The schedule entry the page wrote into the form."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = form_integer(value, 1)
        if number is None:
            raise ValidationError(str(_l("Velg et besøk fra listen.")))
        return number

    def cleaned(self, value: str) -> str:
        return value.strip()

    def shown(self, value: str) -> str:
        return without_control(value)


class VisitStart(fields.String):
    """The visit's start as the rule gives it, in UTC as the page wrote it (20261203T070000Z)."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        try:
            return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except (TypeError, ValueError):
            raise ValidationError(str(_l("Velg et besøk fra listen."))) from None

    def cleaned(self, value: str) -> str:
        return value.strip()

    def shown(self, value: str) -> str:
        return without_control(value)


class ClockTime(fields.String):
    """A time of day as Norwegians write it: 08.30, 8:30, 0830 or 8."""

    _WRITTEN = re.compile(r"([0-9]{1,2})(?:[.:]?([0-9]{2}))?")

    def __init__(self, label=None, **kwargs):
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        written = self._WRITTEN.fullmatch(value.replace(" ", "")) if isinstance(value, str) else None
        if written is None:
            raise ValidationError(str(TIME_FORMAT))
        hour, minute = int(written.group(1)), int(written.group(2) or 0)
        if hour > 23 or minute > 59:
            raise ValidationError(str(_l("Klokkeslettet finnes ikke: timer går til 23 og minutter til 59.")))
        return time(hour, minute)

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)


class _VisitSchema(FormSchema):
    entry_id = EntryId(required=True)
    occurs_at = VisitStart(required=True)
    note = Text(NOTE_MAX, label=_l("Beskjed til personen"), load_default=None)


class CancelVisitSchema(_VisitSchema):
    pass


class MoveVisitSchema(_VisitSchema):
    new_date = NorwegianDate(
        label=_l("Ny dato"), required=True, error_messages={"required": _l("Skriv datoen besøket flyttes til.")}
    )
    new_start = ClockTime(
        label=_l("Begynner klokka"), required=True, error_messages={"required": _l("Skriv når besøket begynner.")}
    )
    new_end = ClockTime(
        label=_l("Slutter klokka"), required=True, error_messages={"required": _l("Skriv når besøket slutter.")}
    )

    @validates_schema(skip_on_field_errors=False)
    def _ends_after_start(self, data, **kwargs):
        if "new_start" in data and "new_end" in data and data["new_end"] <= data["new_start"]:
            raise ValidationError({"new_end": [str(REFUSALS["ends_before_start"][1])]})


def new_start_and_minutes(data: dict) -> tuple[datetime, int]:
    """The moved visit's start in Norwegian time and its length, from a loaded MoveVisitSchema."""
    start = datetime.combine(data["new_date"], data["new_start"], OSLO)
    minutes = (data["new_end"].hour * 60 + data["new_end"].minute) - (
        data["new_start"].hour * 60 + data["new_start"].minute
    )
    return start, minutes
