"""Form input for koordineringsmøter on the staff side: calling one (day, from–to, place or video
link, who is invited, topics onto the agenda), moving it (the same when and where), and writing its
minutes (decisions, who does what by when, the easy-read summary). Whether the meeting is in the
future and the minutes come after it began is also the use case's answer
(app/services/meetings.py); these checks say it at the field."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.domain import clock
from app.domain.clock import OSLO
from app.models.base import utcnow
from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, Choices, NorwegianDate, Text, Version, without_control
from app.services.meetings import ACTIONS_MAX, DECISIONS_MAX, INVITED_MAX, LINK_MAX, PLACE_MAX, SUMMARY_MAX

NOT_OFFERED = _l("Velg blant valgene på siden.")
PAST = _l("Møtet må være fram i tid.")
BEFORE_START = _l("Møtet må slutte etter at det begynner.")
PLACE_OR_LINK = _l("Skriv hvor møtet er, eller lim inn en lenke til videomøtet.")
FAR = _l("Møtet kan være høyst fem år fram i tid.")
YEARS = (2000, 2999)
HTTPS = _l("Lenken til videomøtet må begynne med https://.")
NOT_STARTED = _l("Du kan skrive referat når møtet har begynt.")
TOO_LONG = _l("Referatet er for langt. Del det opp, eller skriv det kortere.")


class ClockTime(fields.String):
    """A time of day as people write it: 10:00, 10.00, 1000 or 10."""

    _WRITTEN = re.compile(r"(\d{1,2})(?:[:.]?(\d{2}))?")

    def __init__(self, label=None, **kwargs):
        if label is not None:
            kwargs.setdefault("metadata", {})["label"] = label
        super().__init__(**kwargs)

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        written = (
            self._WRITTEN.fullmatch(value.replace(" ", "")) if isinstance(value, str) and value.isascii() else None
        )
        if written is None or int(written.group(1)) > 23 or int(written.group(2) or 0) > 59:
            raise ValidationError(_("Skriv klokkeslettet med tall, slik: 10:30."))
        return time(int(written.group(1)), int(written.group(2) or 0))


class Lines(Text):
    """One name a line: the lines, trimmed, without blank ones."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        text = super()._deserialize(value, attr, data, **kwargs)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if len(lines) > INVITED_MAX or any(len(line) > SHORT_MAX for line in lines):
            raise ValidationError(_("Skriv høyst %(num)s navn, ett på hver linje.", num=INVITED_MAX))
        return lines


def meeting_times(data: dict) -> tuple[datetime, datetime] | None:
    """The start and end as aware moments (Norwegian wall-clock time), once the fields loaded and
    the day is within reach (a day of year 1 has no UTC offset a comparison survives)."""
    if not {"day", "starts", "ends"} <= data.keys() or not YEARS[0] <= data["day"].year <= YEARS[1]:
        return None
    return (
        datetime.combine(data["day"], data["starts"], OSLO),
        datetime.combine(data["day"], data["ends"], OSLO),
    )


class _WhenAndWhere(FormSchema):
    """When and where a meeting is: the same for calling one and for moving it."""

    day = NorwegianDate(label=_l("Dato"), required=True, error_messages={"required": _l("Skriv datoen for møtet.")})
    starts = ClockTime(
        label=_l("Fra klokka"), required=True, error_messages={"required": _l("Skriv når møtet begynner.")}
    )
    ends = ClockTime(label=_l("Til klokka"), required=True, error_messages={"required": _l("Skriv når møtet slutter.")})
    place = Text(PLACE_MAX, label=_l("Sted"), load_default=None)
    video_link = Text(LINK_MAX, label=_l("Lenke til videomøte"), load_default=None)

    @validates_schema(skip_on_field_errors=False)
    def _when_and_where(self, data, **_kwargs):
        errors = {}
        if "day" in data and data["day"].year < YEARS[0]:
            errors["day"] = [str(PAST)]
        elif "day" in data and data["day"] > clock.today() + timedelta(days=5 * 366):
            errors["day"] = [str(FAR)]
        elif (moments := meeting_times(data)) is not None:
            starts, ends = moments
            if starts <= utcnow():
                errors["day"] = [str(PAST)]
            if ends <= starts:
                errors["ends"] = [str(BEFORE_START)]
        link = data.get("video_link")
        if link and not link.lower().startswith("https://"):
            errors["video_link"] = [str(HTTPS)]
        if not data.get("place") and not link and "video_link" not in errors:
            errors["place"] = [str(PLACE_OR_LINK)]
        if errors:
            raise ValidationError(errors)


class CallMeetingSchema(_WhenAndWhere):
    invited = Lines(label=_l("Hvem er invitert"), load_default=list)
    topics = Choices((), NOT_OFFERED, label=_l("Dagsorden"))  # the topics the page offers: see `offering`


class MoveMeetingSchema(_WhenAndWhere):
    """The meeting at a new time or place, carrying the version it was read at."""

    version = Version(minimum=1, required=True)


def offering(schema: type[FormSchema], topic_ids) -> FormSchema:
    """The schema with its topics limited to those the page offered (ids as strings): a forged or
    stale id is told at the field."""
    options = tuple(str(i) for i in topic_ids)
    topics = Choices(options, NOT_OFFERED, label=_l("Dagsorden"))
    return type(schema.__name__, (schema,), {"topics": topics})()


def _minutes_fields() -> dict:
    attrs = {
        "decisions": Text(
            DECISIONS_MAX,
            label=_l("Hva ble bestemt"),
            required=True,
            error_messages={"required": _l("Skriv hva som ble bestemt i møtet.")},
        ),
        "easy_summary": Text(SUMMARY_MAX, label=_l("Kort sammendrag i lettlest"), load_default=None),
        # A checkbox: "on" when ticked; anything else (or a box the page did not show) is not ticked.
        "private_from_parents": fields.String(load_default=None),
        "version": Version(minimum=1, load_default=None),
    }
    for n in range(1, ACTIONS_MAX + 1):
        attrs[f"what_{n}"] = Text(SHORT_MAX * 2, label=_l("Hva, linje %(n)s", n=n), load_default=None)
        attrs[f"who_{n}"] = Text(SHORT_MAX, label=_l("Hvem, linje %(n)s", n=n), load_default=None)
        attrs[f"by_{n}"] = NorwegianDate(label=_l("Innen, linje %(n)s", n=n), load_default=None)
    return attrs


class _MinutesChecks(FormSchema):
    @validates_schema(skip_on_field_errors=False)
    def _whole_lines(self, data, **_kwargs):
        errors = {}
        for n in range(1, ACTIONS_MAX + 1):
            if data.get(f"what_{n}") or data.get(f"who_{n}") or data.get(f"by_{n}"):
                if not data.get(f"what_{n}") and f"what_{n}" not in errors:
                    errors[f"what_{n}"] = [_("Skriv hva som skal gjøres.")]
                if not data.get(f"who_{n}"):
                    errors[f"who_{n}"] = [_("Skriv hvem som skal gjøre det.")]
        if errors:
            raise ValidationError(errors)


MinutesSchema = type("MinutesSchema", (_MinutesChecks,), _minutes_fields())


def actions_of(data: dict) -> list[dict]:
    """The filled action lines, in order."""
    return [
        {
            "what": data[f"what_{n}"],
            "who": data[f"who_{n}"],
            "by": data[f"by_{n}"].isoformat() if data.get(f"by_{n}") else None,
        }
        for n in range(1, ACTIONS_MAX + 1)
        if data.get(f"what_{n}") and data.get(f"who_{n}")
    ]
