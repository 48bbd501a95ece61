"""The FHIR API's writes of a plan itself (CarePlan): create one for a person of the system's
municipality (POST /fhir/CarePlan), and set its period and next revision (PUT /fhir/CarePlan/<id>).

A plan is one per person: a create that finds one answers 422, or, with `If-None-Exist:
patient.identifier=<system>|<number>` (a retried create), the plan there is with 200. A change
must name the version it was read at (If-Match, the read's ETag: the plan's own parts and its
history), none is 428, another 412 with nothing changed."""

from __future__ import annotations

from flask import Response, g, request, url_for
from sqlalchemy import func, select

from app import db, policy
from app.api import bp, resources, search
from app.api.goal_input import check_subject
from app.api.outcome import fhir_response, outcome_response
from app.api.plan_input import SentPlan, period_refusal, sent_plan
from app.api.request_body import Refused, if_match_version
from app.domain import clock
from app.domain.capabilities import Capability
from app.models import Goal, Measure, PlanChange, StaffMember
from app.services import api_plans, api_reads, api_writes, planning


def _answer(plan_id: int, status: int, headers: dict | None = None) -> Response:
    """The plan as it now is, read back as a read gives it (and logged as the system's read)."""
    read = api_reads.care_plan(db.db_session(), g.api_consumer, plan_id)
    resource = resources.care_plan(read, clock.today())
    return fhir_response(resource, status, {"ETag": f'W/"{read.version}"', **(headers or {})})


def _subject_ids(subject) -> tuple[int | None, str | None]:
    if subject is None:
        raise Refused(422, "required", "subject names the Patient")
    patient_id = None
    if subject.reference is not None:
        try:
            patient_id = search.patient_id(subject.reference)
        except search.BadSearch:
            raise Refused(422, "invariant", "subject is a reference to Patient/<id>") from None
    pid = subject.identifier.value if subject.identifier is not None else None
    if patient_id is None and pid is None:
        raise Refused(422, "required", "subject names the Patient")
    return patient_id, pid


def _if_none_exist(session, subject_ids: tuple[int | None, str | None]):
    """The person a conditional create names (`patient.identifier=…` or `patient=…`), who must be
    the subject; None when no condition was sent."""
    header = request.headers.get("If-None-Exist")
    if header is None:
        return None
    name, _, value = header.strip().partition("=")
    try:
        if name == "patient.identifier":
            named = (None, search.identity_number(value))
        elif name == "patient":
            named = (search.patient_id(value), None)
        else:
            raise search.BadSearch("If-None-Exist takes patient.identifier or patient")
    except search.BadSearch as error:
        raise Refused(400, "invalid", str(error)) from None
    if not any(mine is not None and mine == theirs for mine, theirs in zip(named, subject_ids, strict=True)):
        raise Refused(400, "invalid", "If-None-Exist names another person than subject")
    return named


@bp.post("/CarePlan")
@policy.system_requires(Capability.API_WRITE)
def careplan_create():
    session = db.db_session()
    try:
        sent = sent_plan()
        subject_ids = _subject_ids(sent.subject)
        conditional = _if_none_exist(session, subject_ids)
        owner = api_plans.person_named(session, g.api_consumer, *subject_ids)
        if owner is None:
            raise Refused(422, "not-found", "subject names no person this system may write for")
        existing = api_plans.plan_of(session, owner)
        if existing is not None and conditional is not None:
            return _answer(existing.id, 200)
        if existing is not None:
            raise Refused(422, "business-rule", f"the person has a plan already: CarePlan/{existing.id}")
        if sent.goals or sent.activities:
            raise Refused(
                422, "business-rule", "a new plan is empty: add goals and measures as Goal and ServiceRequest"
            )
        if sent.status != "draft":
            raise Refused(422, "business-rule", "a new plan is a draft until the person consents to it in Min plan")
        if sent.coordinator_email is None:
            raise Refused(422, "required", "contributor names the appointed coordinator by work e-mail")
        appointed = api_plans.coordinator(session, g.api_consumer, sent.coordinator_email)
        if appointed is None:
            raise Refused(422, "not-found", "contributor names no coordinator of this municipality")
        period = (sent.period_start, sent.period_end, sent.next_revision)
        refused = period_refusal(*period)
        if refused is not None:
            raise refused
    except Refused as refused:
        return refused.response()
    try:
        plan = api_plans.create_plan(session, g.api_consumer, owner, appointed, period)
    except planning.PlanExists:  # made by another request, perhaps in the same instant
        made = api_plans.plan_of(session, owner)
        if made is not None and conditional is not None:
            return _answer(made.id, 200)
        return outcome_response(422, "business-rule", "the person has a plan already")
    return _answer(plan.id, 201, {"Location": url_for("api.careplan_read", careplan_id=plan.id, _external=True)})


def _current_version(session, plan) -> str:
    last = session.scalar(select(func.max(PlanChange.id)).where(PlanChange.plan_id == plan.id))
    return f"{plan.version}.{last or 0}"


def _unchanged_parts(session, sent: SentPlan, plan) -> None:
    """What a change may not touch must be sent as Min plan holds it, or left out."""
    status = resources.plan_status(plan, clock.today())
    if sent.status != status:
        raise Refused(422, "business-rule", f"status follows the person's consent and the period: it is {status}")
    coordinator = session.get(StaffMember, plan.coordinator_id) if plan.coordinator_id else None
    if (
        sent.coordinator_email and (coordinator is None or sent.coordinator_email != (coordinator.email or "").lower())
    ) or (sent.coordinator_display and sent.coordinator_display != plan.coordinator_name):
        raise Refused(422, "business-rule", "the coordinator is changed by the koordinerende enhet in Min plan")
    goals = {f"Goal/{found}" for found in session.scalars(select(Goal.id).where(Goal.plan_id == plan.id))}
    measures = {
        f"ServiceRequest/{found}" for found in session.scalars(select(Measure.id).where(Measure.plan_id == plan.id))
    }
    if (sent.goals is not None and sent.goals != goals) or (
        sent.activities is not None and sent.activities != measures
    ):
        raise Refused(
            422, "business-rule", "goals and measures are written as Goal and ServiceRequest, not in the plan"
        )


@bp.put("/CarePlan/<int:careplan_id>")
@policy.system_requires(Capability.API_WRITE)
def careplan_update(careplan_id: int):
    session = db.db_session()
    try:
        sent = sent_plan()
        if sent.id != str(careplan_id):
            raise Refused(400, "invalid", "the CarePlan's id must be the one in the URL")
        plan = api_writes.plan_to_write(session, g.api_consumer, careplan_id)
        if plan is None:
            return outcome_response(404, "not-found", "CarePlan not found")
        check_subject(sent.subject, plan.owner)
        version = if_match_version()
        if version is None:
            raise Refused(428, "required", 'a change needs If-Match: W/"<versionId>" of the read')
        if version != _current_version(session, plan):
            raise Refused(412, "conflict", "the plan was changed since this version was read: read it again")
        _unchanged_parts(session, sent, plan)
        period = (sent.period_start, sent.period_end, sent.next_revision)
        unchanged = period == (plan.period_start, plan.period_end, plan.next_revision)
        if not unchanged and None in period:
            raise Refused(422, "required", "the plan period is period.start, period.end and next-revision together")
        refused = None if unchanged else period_refusal(*period)
        if refused is not None:
            raise refused
    except Refused as refused:
        return refused.response()
    if not unchanged:
        try:
            api_plans.set_period(session, g.api_consumer, plan, plan.version, *period)
        except planning.Stale:
            return outcome_response(412, "conflict", "the plan was changed since this version was read: read it again")
    return _answer(careplan_id, 200)
