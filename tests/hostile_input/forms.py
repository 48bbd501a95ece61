"""Every form the app accepts, by the endpoint it posts to, and what it holds: the marshmallow
schema its view loads, plus what the view reads outside the schema (the version a form was
based on, where to go next). A POST route missing here fails a test: a new form must say what
it holds before it can be shipped, and is then fuzzed like the others."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.i18n import KNOWN_LOCALES
from app.schemas.calendar_feed import CalendarFeedSchema
from app.schemas.cases import CaseVersionSchema, CoordinatorSchema, DecisionSchema, InterimAnswerSchema
from app.schemas.complaint import ComplaintSchema
from app.schemas.consent import ChildViewSchema, SharingConsentSchema
from app.schemas.meetings import CallMeetingSchema, MinutesSchema, MoveMeetingSchema
from app.schemas.messages import MessageSchema, ReplySchema
from app.schemas.notice_preferences import NoticePreferenceSchema
from app.schemas.plan import EvaluationSchema, GoalWordsSchema, TopicSchema
from app.schemas.plan_editor import (
    GoalFormSchema,
    MeasureFormSchema,
    PaperConsentSchema,
    ParticipantFormSchema,
    PeriodSchema,
    RemoveSchema,
)
from app.schemas.plan_request import PlanRequestSchema
from app.schemas.power_of_attorney import GrantPowerOfAttorneySchema
from app.schemas.proposals import AgreeChangedSchema, GoalVersionSchema, NotNowSchema, TopicAnswerSchema
from app.schemas.representation import ChooseSubjectSchema
from app.schemas.revisions import RevisionSchema
from app.schemas.staff_plans import PlanReasonSchema
from app.schemas.staff_roles import GrantRoleSchema
from app.schemas.visits import CancelVisitSchema, MoveVisitSchema
from app.schemas.wizard import AreasSchema, GoalSchema, HelpSchema, ImportantSchema, ParticipantsSchema

VERSION = {"version": fields.Integer()}
NEXT = {"next": fields.String()}


def _held(schema: type[Schema] | None = None, **extra: fields.Field) -> dict[str, fields.Field]:
    """The fields of a schema (as declared: some schemas need arguments to be made) and the extras."""
    return {**(schema._declared_fields if schema else {}), **extra}


FORMS: dict[str, dict[str, fields.Field]] = {
    # Everyone's header: language, easy-read, logging out.
    "preferences.choose_language": _held(locale=fields.String(validate=validate.OneOf(list(KNOWN_LOCALES))), **NEXT),
    "preferences.toggle_easy_read": _held(easy_read=fields.String(validate=validate.OneOf(["on", "off"])), **NEXT),
    "auth.logout": _held(),
    "auth.extend_session": _held(**NEXT),
    # Asking for a plan: checked on a page of its own, then sent.
    "account.plan_request_check": _held(PlanRequestSchema),
    "account.plan_request_send": _held(PlanRequestSchema),
    # A complaint, checked and sent the same way.
    "account.complaint_check": _held(ComplaintSchema),
    "account.complaint_send": _held(ComplaintSchema),
    # Acting for someone, fullmakter.
    "representation.choose_submit": _held(ChooseSubjectSchema),
    "representation.power_of_attorney_create": _held(GrantPowerOfAttorneySchema),
    "representation.power_of_attorney_revoke": _held(),
    # The plan.
    "plan.evaluate": _held(EvaluationSchema, form_token=fields.String()),
    "plan.save_goal": _held(GoalWordsSchema),
    "plan.keep_private": _held(
        private=fields.String(validate=validate.OneOf(["on", "off"])),
        expected=fields.String(validate=validate.OneOf(["on", "off"])),
    ),
    "plan.propose_topic": _held(TopicSchema),
    "calendar_feed.renew": _held(CalendarFeedSchema),
    "calendar_feed.stop": _held(),
    "preferences.save_notice_settings": _held(NoticePreferenceSchema),
    # Consents.
    "consent.give_submit": _held(SharingConsentSchema, **VERSION),
    "consent.change_submit": _held(SharingConsentSchema, **VERSION),
    "consent.withdraw": _held(ChildViewSchema, **VERSION),
    "consent.plan_consent_give": _held(ChildViewSchema, **VERSION),
    "consent.plan_consent_withdraw": _held(ChildViewSchema, **VERSION),
    # "Hva er viktig for deg?": every step carries the draft's version; "tilbake" returns to "Se over".
    "wizard.important": _held(ImportantSchema, **VERSION, tilbake=fields.String()),
    "wizard.areas": _held(AreasSchema, **VERSION, tilbake=fields.String()),
    "wizard.goal": _held(GoalSchema, **VERSION, tilbake=fields.String()),
    "wizard.area_help": _held(HelpSchema, **VERSION, tilbake=fields.String()),
    "wizard.participants": _held(ParticipantsSchema, **VERSION, tilbake=fields.String()),
    "wizard.send": _held(**VERSION),
    "wizard.start_again": _held(),
    # The staff side: the KE's desk, roles, a reason to open a plan; the staff logout.
    "staff.choose_language": _held(locale=fields.String(validate=validate.OneOf(list(KNOWN_LOCALES))), **NEXT),
    "staff_auth.logout": _held(),
    "staff_auth.extend_session": _held(**NEXT),
    "staff_desk.take": _held(CaseVersionSchema),
    "staff_desk.interim_answer": _held(InterimAnswerSchema),
    "staff_desk.appoint": _held(CoordinatorSchema),
    "staff_desk.decide": _held(DecisionSchema),
    "staff_desk.close": _held(CaseVersionSchema),
    "staff_roles.grant": _held(GrantRoleSchema),
    "staff_roles.revoke": _held(),
    "staff_plans.give_reason": _held(PlanReasonSchema),
    "staff_visits.cancel": _held(CancelVisitSchema),
    "staff_visits.move": _held(MoveVisitSchema),
    "staff_meetings.call": _held(CallMeetingSchema),
    "staff_meetings.write_minutes": _held(MinutesSchema),
    "staff_meeting_moves.move": _held(MoveMeetingSchema),
    # Messages between the person's side and the coordinator; withdrawing one holds nothing.
    "messages.send": _held(MessageSchema),
    "messages.withdraw": _held(),
    "staff_messages.send": _held(ReplySchema),
    "staff_messages.withdraw": _held(),
    # The coordinator's answers to the person's proposals.
    "staff_proposals.agree": _held(GoalVersionSchema),
    "staff_proposals.agree_changed": _held(AgreeChangedSchema),
    "staff_proposals.not_now": _held(NotNowSchema),
    "staff_proposals.take_onto_agenda": _held(),
    "staff_proposals.answer_topic": _held(TopicAnswerSchema),
    "staff_revisions.revise": _held(RevisionSchema),
    # The coordinator writes the plan's parts; "Vis datoene" posts the measure's form with action=preview.
    "staff_plan_editor.add_goal": _held(GoalFormSchema),
    "staff_plan_editor.save_goal": _held(GoalFormSchema),
    "staff_plan_editor.add_participant": _held(ParticipantFormSchema),
    "staff_plan_editor.save_participant": _held(ParticipantFormSchema),
    "staff_plan_editor.remove_participant": _held(RemoveSchema),
    "staff_plan_editor.add_measure": _held(MeasureFormSchema, action=fields.String()),
    "staff_plan_editor.save_measure": _held(MeasureFormSchema, action=fields.String()),
    "staff_plan_editor.remove_measure": _held(RemoveSchema),
    "staff_plan_editor.save_period": _held(PeriodSchema),
    "staff_plan_editor.record_consent": _held(PaperConsentSchema),
}
