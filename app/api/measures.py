"""The FHIR API's measures (tiltak) as ServiceRequest: read, search, create, update and delete.

A read answers with the measure's version as ETag; a write must name the version it was read at
(If-Match), as the coordinator's stale form gets 409: none is 428, another 412 with nothing
changed. Another municipality's measure or plan is the same 404 as one that does not exist."""

from __future__ import annotations

from flask import Response, current_app, g, request, url_for

from app import db, policy
from app.api import bp, idempotent, resources, search, searchset
from app.api.goal_input import check_subject
from app.api.measure_input import check_private, sent_measure
from app.api.outcome import fhir_response, outcome_response
from app.api.request_body import Refused, if_match_version, whole_version
from app.domain.capabilities import Capability
from app.services import api_measures, api_reads, api_writes, planning

SEARCH = {"patient", "patient.identifier", "based-on", "_lastUpdated", "_count", "_after"}


def _resource(read: api_measures.MeasureRead):
    return resources.service_request(read.measure, read.owner, read.last_updated, read.identifiers)


@bp.get("/ServiceRequest/<int:servicerequest_id>")
@policy.system_requires(Capability.API_READ)
def servicerequest_read(servicerequest_id: int):
    read = api_measures.measure(db.db_session(), g.api_consumer, servicerequest_id)
    if read is None:
        return searchset.not_found("ServiceRequest")
    return searchset.read(_resource(read), resources.measure_version(read.measure))


@bp.get("/ServiceRequest")
@policy.system_requires(Capability.API_READ)
def servicerequest_search():
    session = db.db_session()
    try:
        search.check_known(request.args, SEARCH)
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        updated = search.last_updated(request.args.getlist("_lastUpdated"))
        plan_id = search.reference_id(request.args["based-on"], "CarePlan") if "based-on" in request.args else None
        anyone, person_id = searchset.person(session, request.args)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("ServiceRequest", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, updated=updated, count=count, after=after)
    page = api_measures.measures(session, g.api_consumer, filters, plan_id)
    return searchset.bundle("ServiceRequest", page, [_resource(read) for read in page.items], count)


def _answer(measure_id: int, status: int, headers: dict | None = None) -> Response | None:
    """The measure as it now is, read back as a read gives it (and logged as the system's read);
    None when it is gone."""
    read = api_measures.measure(db.db_session(), g.api_consumer, measure_id)
    if read is None:
        return None
    version = resources.measure_version(read.measure)
    if status == 201:
        location = url_for("api.servicerequest_read", servicerequest_id=measure_id, _external=True)
        headers = {"Location": location, **(headers or {})}
    return fhir_response(_resource(read), status, {"ETag": f'W/"{version}"', **(headers or {})})


def _version() -> int:
    """The whole-number version If-Match names; Refused 428 without one. Another shape matches nothing."""
    version = if_match_version()
    if version is None:
        raise Refused(428, "required", 'a change needs If-Match: W/"<versionId>" of the read')
    return whole_version(version)


def _stale(stale: planning.Stale) -> Response:
    headers = {"ETag": f'W/"{stale.current.version}"'} if stale.current is not None else {}
    return outcome_response(
        412, "conflict", "the measure was changed since this version was read: read it again", headers
    )


@bp.post("/ServiceRequest")
@policy.system_requires(Capability.API_WRITE)
def servicerequest_create():
    session = db.db_session()
    try:
        sent = sent_measure()
        plan = api_writes.plan_to_write(session, g.api_consumer, sent.plan_id)
        if plan is None:
            raise Refused(422, "not-found", "basedOn names no plan this system may write")
        check_subject(sent.subject, plan.owner)
        goal = api_measures.goal_in(session, plan, sent.goal_id)
        check_private(sent, goal)
        idempotent.check_condition(sent.identifier)
    except Refused as refused:
        return refused.response()
    except planning.NotInPlan:
        return outcome_response(422, "business-rule", "pertainsToGoal names no goal of this plan")

    def create() -> int:
        return api_measures.add_measure(session, g.api_consumer, plan, sent.details, goal).id

    try:
        return idempotent.create_once(session, g.api_consumer, "ServiceRequest", sent.identifier, create, _answer)
    except planning.NotInPlan:  # the goal left the plan in the meantime
        return outcome_response(422, "business-rule", "pertainsToGoal names no goal of this plan")


@bp.put("/ServiceRequest/<int:servicerequest_id>")
@policy.system_requires(Capability.API_WRITE)
def servicerequest_update(servicerequest_id: int):
    session = db.db_session()
    try:
        sent = sent_measure()
        if sent.id != str(servicerequest_id):
            raise Refused(400, "invalid", "the ServiceRequest's id must be the one in the URL")
        measure = api_measures.measure_to_write(session, g.api_consumer, servicerequest_id)
        if measure is None:
            return searchset.not_found("ServiceRequest")
        if sent.plan_id != measure.plan_id:
            raise Refused(422, "business-rule", "a measure stays in its plan: basedOn is not this measure's plan")
        check_subject(sent.subject, measure.plan.owner)
        goal = api_measures.goal_in(session, measure.plan, sent.goal_id)
        check_private(sent, goal)
        idempotent.check_unchanged(session, g.api_consumer, "ServiceRequest", servicerequest_id, sent.identifier)
        version = _version()
    except Refused as refused:
        return refused.response()
    except planning.NotInPlan:
        return outcome_response(422, "business-rule", "pertainsToGoal names no goal of this plan")
    try:
        api_measures.change_measure(session, g.api_consumer, measure, version, sent.details, goal)
    except planning.Stale as stale:
        return _stale(stale)
    return _answer(servicerequest_id, 200)


@bp.delete("/ServiceRequest/<int:servicerequest_id>")
@policy.system_requires(Capability.API_WRITE)
def servicerequest_delete(servicerequest_id: int):
    session = db.db_session()
    measure = api_measures.measure_to_write(session, g.api_consumer, servicerequest_id)
    if measure is None:
        return searchset.not_found("ServiceRequest")
    try:
        api_measures.remove_measure(session, g.api_consumer, measure, _version())
    except Refused as refused:
        return refused.response()
    except planning.Stale as stale:
        return _stale(stale)
    return Response(status=204)
