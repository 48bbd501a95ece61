"""Form input for the coordinator's plan editor: a goal, a helper with the goals they serve, a
measure with when it happens, the plan period, a consent given on paper. Each change form carries
the version it was read at; what the use cases refuse (app/services/plan_writing.py,
app/services/schedule_form.py) is put in words here, at the field it is about."""

from __future__ import annotations

import re
from datetime import time

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.domain import clock
from app.domain.vocabulary import LIFE_AREAS, SERVICE_KINDS
from app.schemas import form_integer, without_control
from app.schemas.base import FormSchema
from app.schemas.fields import SHORT_MAX, Choice, Choices, NorwegianDate, Text, Version
from app.services.schedule_form import BIWEEKLY, ONCE, WEEKDAYS, WEEKLY

NOT_OFFERED = _l("Velg blant valgene på siden.")
NO_SCHEDULE, KEEP_SCHEDULE = "none", "keep"
SCHEDULE_KINDS = (NO_SCHEDULE, KEEP_SCHEDULE, ONCE, WEEKLY, BIWEEKLY)
UNTIL_FURTHER_NOTICE, UNTIL_DATE = "open", "date"
WHAT_MAX = 300  # the measure's columns


class ClockTime(fields.String):
    """A time of day as Norwegians write it: 08.30, 8:30, 0830 or 8."""

    _WRITTEN = re.compile(r"(\d{1,2})(?:[.:]?(\d{2}))?")

    def cleaned(self, value: str) -> str:
        return without_control(value).strip()

    def shown(self, value: str) -> str:
        return without_control(value)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        written = self._WRITTEN.fullmatch(value) if isinstance(value, str) and value.isascii() else None
        hour, minute = (int(written.group(1)), int(written.group(2) or 0)) if written else (99, 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValidationError(str(_l("Skriv klokkeslettet med tall, slik: 08.30.")))
        return time(hour, minute)


class GoalChoice(fields.String):
    """A goal of the plan, by its id; whether it is this plan's is the use case's answer."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = form_integer(value, 1)
        if number is None:
            raise ValidationError(str(_l("Velg et mål fra listen.")))
        return number


class GoalChoices(fields.List):
    """Goals of the plan, by their ids (checkboxes): one message for any that is not an id."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list[int]:
        numbers = [form_integer(item, 1) for item in value] if isinstance(value, list) else [None]
        if None in numbers:
            raise ValidationError(str(_l("Velg et mål fra listen.")))
        return list(dict.fromkeys(numbers))


def _text(label, required: str | None = None, maximum: int | None = None):
    extra = {"required": True, "error_messages": {"required": required}} if required else {"load_default": None}
    return Text(maximum, label=label, **extra) if maximum else Text(label=label, **extra)


class GoalFormSchema(FormSchema):
    life_area = Choice(
        LIFE_AREAS,
        NOT_OFFERED,
        label=_l("Livsområde"),
        required=True,
        error_messages={"required": _l("Velg et livsområde.")},
    )
    text = _text(_l("Målet"), _l("Skriv målet med personens egne ord."))
    own_resources = _text(_l("Klarer selv"))
    network_help = _text(_l("Hjelp fra familie og nettverk"))
    needs = _text(_l("Trenger hjelp til"))
    version = Version(minimum=1, load_default=None)


class ParticipantFormSchema(FormSchema):
    kind = Choice(
        SERVICE_KINDS,
        NOT_OFFERED,
        label=_l("Hva slags deltaker"),
        required=True,
        error_messages={"required": _l("Velg hva slags deltaker det er.")},
    )
    service = _text(_l("Tjeneste, etat eller navn"), _l("Skriv hvilken tjeneste, etat eller person det er."), SHORT_MAX)
    name = _text(_l("Kontaktperson"), maximum=SHORT_MAX)
    role = _text(_l("Rolle"), maximum=SHORT_MAX)
    helps_with = _text(_l("Hva de bidrar med"))
    phone = _text(_l("Telefon"), maximum=30)
    email = _text(_l("E-post"), maximum=SHORT_MAX)
    goals = GoalChoices(load_default=list, metadata={"label": _l("Målene deltakeren hjelper med")})
    version = Version(minimum=1, load_default=None)

    @validates_schema(skip_on_field_errors=False)
    def _email_looks_like_one(self, data, **kwargs):
        if data.get("email") and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data["email"]):
            raise ValidationError({"email": [_l("Skriv e-postadressen slik: navn@kommune.no.")]})


class MeasureFormSchema(FormSchema):
    what = _text(_l("Tiltaket"), _l("Skriv hva tiltaket er."), WHAT_MAX)
    how_much = _text(_l("Hvor mye"), maximum=WHAT_MAX)
    service_name = _text(_l("Ansvarlig tjeneste"), _l("Skriv hvilken tjeneste som har ansvaret."), SHORT_MAX)
    responsible_role = _text(_l("Ansvarlig rolle"), maximum=SHORT_MAX)
    how = _text(_l("Slik gjøres det"))
    goal_id = GoalChoice(load_default=None, metadata={"label": _l("Målet tiltaket hører til")})
    # When it happens, the way a person says it (app/services/schedule_form.py).
    schedule = Choice(SCHEDULE_KINDS, NOT_OFFERED, label=_l("Når skjer det?"), load_default=NO_SCHEDULE)
    weekdays = Choices(WEEKDAYS, NOT_OFFERED, label=_l("Ukedager"))
    starts = ClockTime(load_default=None, metadata={"label": _l("Fra klokka")})
    ends = ClockTime(load_default=None, metadata={"label": _l("Til klokka")})
    first_day = NorwegianDate(label=_l("Fra dato"), load_default=None)
    until = Choice(
        (UNTIL_FURTHER_NOTICE, UNTIL_DATE), NOT_OFFERED, label=_l("Hvor lenge?"), load_default=UNTIL_FURTHER_NOTICE
    )
    last_day = NorwegianDate(label=_l("Til dato"), load_default=None)
    version = Version(minimum=1, load_default=None)

    @validates_schema(skip_on_field_errors=False)
    def _schedule_complete(self, data, **kwargs):
        if data.get("schedule") not in (ONCE, WEEKLY, BIWEEKLY):
            return
        errors = {}
        for name, message in (
            ("first_day", _l("Skriv datoen det skjer første gang.")),
            ("starts", _l("Skriv når det begynner, slik: 08.00.")),
            ("ends", _l("Skriv når det slutter, slik: 08.30.")),
        ):
            if name in data and data[name] is None:
                errors[name] = [message]
        if data.get("until") == UNTIL_DATE and "last_day" in data and data["last_day"] is None:
            errors["last_day"] = [_l("Skriv den siste datoen, eller velg «Inntil videre».")]
        if errors:
            raise ValidationError(errors)


class PeriodSchema(FormSchema):
    period_start = NorwegianDate(
        label=_l("Planen gjelder fra"), required=True, error_messages={"required": _l("Skriv når planen begynner.")}
    )
    period_end = NorwegianDate(
        label=_l("Planen gjelder til"), required=True, error_messages={"required": _l("Skriv når planen slutter.")}
    )
    next_revision = NorwegianDate(
        label=_l("Neste revisjon"),
        required=True,
        error_messages={"required": _l("Skriv når planen skal gås gjennom igjen.")},
    )
    version = Version(minimum=1, required=True)


class PaperConsentSchema(FormSchema):
    consented_on = NorwegianDate(
        label=_l("Datoen på samtykket"),
        required=True,
        error_messages={"required": _l("Skriv datoen personen skrev under.")},
    )
    witness = _text(_l("Hvem var til stede"), _l("Skriv hvem som var til stede da personen skrev under."), SHORT_MAX)
    version = Version(minimum=1, required=True)

    @validates_schema(skip_on_field_errors=False)
    def _not_ahead(self, data, **kwargs):
        if data.get("consented_on") and data["consented_on"] > clock.today():
            raise ValidationError({"consented_on": [_l("Datoen kan ikke være etter i dag.")]})


class RemoveSchema(FormSchema):
    version = Version(minimum=1, required=True)


# What the use cases refuse, by the code they raise, in words.
REFUSALS = {
    "end_before_start": _l("Planen må slutte etter at den begynner."),
    "revision_outside_period": _l("Revisjonen må være innenfor planperioden."),
    "not_in_plan": _l("Velg et mål i denne planen."),
    "kind_unknown": NOT_OFFERED,
    "weekday_missing": _l("Velg minst én ukedag."),
    "weekday_unknown": NOT_OFFERED,
    "ends_before_start": _l("Slutt-tiden må være etter start-tiden."),
    "last_before_first": _l("Den siste datoen må være etter den første."),
    "never_happens": _l("Det blir ingen besøk mellom disse datoene. Velg andre datoer eller dager."),
    "unreadable": _l("Dette kan ikke lagres som en plan for når det skjer."),
}
