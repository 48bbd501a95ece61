"""Form input for the koordinerende enhet's desk: its filters, and the forms that handle a case.

Each form carries the version of the case it was shown with; whether the action fits the case
(a decision for its kind, a coordinator of its municipality) is the use case's answer
(app/services/case_handling.py), given at the field as these schemas give theirs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.domain import clock
from app.domain.cases import NEEDS_REASON, Decision
from app.schemas import form_integer
from app.schemas.base import FormSchema
from app.schemas.fields import Choice, NorwegianDate, Text, Version
from app.services.case_desk import ATTENTION_FILTERS, KINDS, SORTS, STATUS_FILTERS

NOT_OFFERED = _l("Velg blant valgene på siden.")


class DeskFilterSchema(FormSchema):
    status = Choice(STATUS_FILTERS, NOT_OFFERED, label=_l("Status"), load_default="open")
    kind = Choice(KINDS, NOT_OFFERED, label=_l("Type sak"), load_default=None)
    mine = Choice(("1",), NOT_OFFERED, label=_l("Bare mine saker"), load_default=None)
    attention = Choice(ATTENTION_FILTERS, NOT_OFFERED, label=_l("Trenger oppfølging"), load_default=None)
    sort = Choice(SORTS, NOT_OFFERED, label=_l("Sorter etter"), load_default="deadline")


class CaseVersionSchema(FormSchema):
    """Take or close: nothing typed, only the version of the case as the form showed it."""

    version = Version(minimum=1, required=True)


class InterimAnswerSchema(FormSchema):
    text = Text(
        label=_l("Hvorfor saken tar tid"),
        required=True,
        error_messages={"required": _l("Skriv hvorfor saken tar tid, med enkle ord.")},
    )
    expected_by = NorwegianDate(
        label=_l("Svar innen"),
        required=True,
        error_messages={"required": _l("Skriv datoen personen kan vente svar.")},
    )
    version = Version(minimum=1, required=True)

    @validates_schema(skip_on_field_errors=False)
    def after_today(self, data, **kwargs):
        if "expected_by" in data and data["expected_by"] <= clock.today():
            raise ValidationError({"expected_by": [_l("Datoen for svar må være etter i dag.")]})


class StaffId(fields.String):
    """A staff member chosen from a list the page offers: an id, or the message to choose again."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = form_integer(value, 1)
        if number is None:
            raise ValidationError(str(_l("Velg en koordinator fra listen.")))
        return number


class CoordinatorSchema(FormSchema):
    coordinator_id = StaffId(
        metadata={"label": _l("Koordinator")},
        required=True,
        error_messages={"required": _l("Velg en koordinator.")},
    )
    version = Version(minimum=1, required=True)


class DecisionSchema(FormSchema):
    decision = Choice(
        tuple(str(decision) for decision in Decision),
        NOT_OFFERED,
        label=_l("Vedtak"),
        required=True,
        error_messages={"required": _l("Velg et vedtak.")},
    )
    reason = Text(label=_l("Begrunnelse"), load_default=None)
    version = Version(minimum=1, required=True)

    @validates_schema(skip_on_field_errors=False)
    def reason_given(self, data, **kwargs):
        if data.get("decision") in NEEDS_REASON and "reason" in data and not data["reason"]:
            raise ValidationError({"reason": [_l("Skriv begrunnelsen med enkle ord.")]})


# What the case use cases (app/services/case_handling.py) refuse, by the code they raise, in words.
REFUSALS = {
    "interim_text_missing": _l("Skriv hvorfor saken tar tid, med enkle ord."),
    "interim_date_past": _l("Datoen for svar må være etter i dag."),
    "coordinator_unknown": _l("Velg en koordinator fra listen."),
    "decision_unfit": _l("Velg et vedtak som passer til denne saken."),
    "decision_needs_coordinator": _l("Velg en koordinator før du gjør dette vedtaket."),
    "decision_has_plan": _l("Personen har allerede en individuell plan."),
    "reason_missing": _l("Skriv begrunnelsen med enkle ord."),
}
