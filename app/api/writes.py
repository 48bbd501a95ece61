"""The FHIR API's writes: a goal created in a plan (POST /fhir/Goal) or changed (PUT /fhir/Goal/<id>)
by the municipality's own system, with a Maskinporten token holding the write scope.

The same door as the coordinator's: the body is held to the profile (app/api/goal_input.py), then
one use case of app/services/api_writes.py calls the plan editor's own (app/services/planning.py)
with the system as its actor. A change must name the version it was read at (`If-Match:
W/"<versionId>"`, the read's ETag): none is 428, another one 412 with nothing changed, as the
coordinator's stale form gets 409. Another municipality's goal or plan is the same 404 as one that
does not exist."""

from __future__ import annotations

from flask import Response, g, url_for

from app import db, policy
from app.api import bp, idempotent, resources
from app.api.goal_input import check_read_only, check_subject, sent_goal
from app.api.outcome import fhir_response, outcome_response
from app.api.request_body import Refused, if_match_version, whole_version
from app.domain.capabilities import Capability
from app.services import api_reads, api_writes, planning


def _answer(goal_id: int, status: int, headers: dict | None = None) -> Response | None:
    """The goal as it now is, read back as a read gives it (and logged as the system's read);
    None when it is gone."""
    read = api_reads.goal(db.db_session(), g.api_consumer, goal_id)
    if read is None:
        return None
    version = str(read.goal.version)
    if status == 201:
        headers = {"Location": url_for("api.goal_read", goal_id=goal_id, _external=True), **(headers or {})}
    return fhir_response(resources.goal(read), status, {"ETag": f'W/"{version}"', **(headers or {})})


@bp.put("/Goal/<int:goal_id>")
@policy.system_requires(Capability.API_WRITE)
def goal_update(goal_id: int):
    session = db.db_session()
    try:
        sent = sent_goal()
        if sent.id != str(goal_id):
            raise Refused(400, "invalid", "the Goal's id must be the one in the URL")
        goal = api_writes.goal_to_write(session, g.api_consumer, goal_id)
        if goal is None:
            return outcome_response(404, "not-found", "Goal not found")
        if sent.plan_id is not None and sent.plan_id != goal.plan_id:
            raise Refused(422, "business-rule", "a goal stays in its plan: the care-plan is not this goal's")
        if goal.status != "agreed" or goal.answer == "not_now":
            raise Refused(422, "business-rule", "a goal the person proposed is answered in Min plan, not overwritten")
        check_subject(sent.subject, goal.plan.owner)
        check_read_only(sent.read_only, goal)
        idempotent.check_unchanged(session, g.api_consumer, "Goal", goal_id, sent.identifier)
        version = if_match_version()
    except Refused as refused:
        return refused.response()
    if version is None:
        return outcome_response(428, "required", 'an update needs If-Match: W/"<versionId>" of the read')
    try:
        api_writes.change_goal(session, g.api_consumer, goal, whole_version(version), sent.details)
    except planning.Stale as stale:
        headers = {"ETag": f'W/"{stale.current.version}"'} if stale.current is not None else {}
        return outcome_response(
            412, "conflict", "the goal was changed since this version was read: read it again", headers
        )
    return _answer(goal_id, 200)


@bp.post("/Goal")
@policy.system_requires(Capability.API_WRITE)
def goal_create():
    session = db.db_session()
    try:
        sent = sent_goal()
        if sent.plan_id is None:
            raise Refused(422, "required", "a new goal names its plan in the care-plan extension")
        plan = api_writes.plan_to_write(session, g.api_consumer, sent.plan_id)
        if plan is None:
            raise Refused(422, "not-found", "the care-plan names no plan this system may write")
        check_subject(sent.subject, plan.owner)
        check_read_only(sent.read_only, None)
        idempotent.check_condition(sent.identifier)
    except Refused as refused:
        return refused.response()

    def create() -> int:
        return api_writes.add_goal(session, g.api_consumer, plan, sent.details).id

    return idempotent.create_once(session, g.api_consumer, "Goal", sent.identifier, create, _answer)
