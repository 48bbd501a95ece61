"""The FHIR API's routes: metadata, Patient, CarePlan and Goal (read and search).

Each parses its parameters (app/api/search.py), asks the policy (a Maskinporten token with the
read scope), calls one lookup of app/services/api_reads.py that takes the municipal system as
its actor, and answers with the resource or a searchset Bundle (app/api/fhir_json.py:
checked by fhir.resources in the tests).
Another municipality's person, plan or goal, and one that does not exist, are the same 404.
"""

from __future__ import annotations

from flask import current_app, g, request, url_for

from app import db, policy
from app.api import bp, capability, resources, search, searchset
from app.api.outcome import fhir_response
from app.domain import clock
from app.domain.capabilities import Capability
from app.services import api_reads


@bp.get("/metadata")
@policy.public
def metadata():
    config = current_app.config
    statement = capability.statement(
        url_for("api.metadata", _external=True).removesuffix("/metadata"),
        config["FHIR_READ_SCOPE"],
        config["FHIR_WRITE_SCOPE"],
    )
    return fhir_response(statement)


@bp.get("/Patient")
@policy.system_requires(Capability.API_READ)
def patient_search():
    try:
        search.check_known(request.args, {"identifier"})
        if "identifier" not in request.args:
            raise search.BadSearch("Patient is searched by identifier only")
        pid = search.identity_number(request.args["identifier"])
    except search.BadSearch as error:
        return searchset.bad(error)
    found = api_reads.patients(db.db_session(), g.api_consumer, pid)
    page = api_reads.Page(found, len(found), None)
    return searchset.bundle("Patient", page, [resources.patient(person) for person in found], search.DEFAULT_COUNT)


@bp.get("/Patient/<int:patient_id>")
@policy.system_requires(Capability.API_READ)
def patient_read(patient_id: int):
    person = api_reads.patient(db.db_session(), g.api_consumer, patient_id)
    if person is None:
        return searchset.not_found("Patient")
    return searchset.read(resources.patient(person), resources.patient_version(person))


@bp.get("/CarePlan")
@policy.system_requires(Capability.API_READ)
def careplan_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_lastUpdated", "_count", "_after"})
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        updated = search.last_updated(request.args.getlist("_lastUpdated"))
        anyone, person_id = searchset.person(session, request.args)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("CarePlan", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, updated=updated, count=count, after=after)
    page = api_reads.care_plans(session, g.api_consumer, filters)
    today = clock.today()
    return searchset.bundle("CarePlan", page, [resources.care_plan(read, today) for read in page.items], count)


@bp.get("/CarePlan/<int:careplan_id>")
@policy.system_requires(Capability.API_READ)
def careplan_read(careplan_id: int):
    read = api_reads.care_plan(db.db_session(), g.api_consumer, careplan_id)
    if read is None:
        return searchset.not_found("CarePlan")
    return searchset.read(resources.care_plan(read, clock.today()), read.version)


@bp.get("/Goal")
@policy.system_requires(Capability.API_READ)
def goal_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_lastUpdated", "_count", "_after"})
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        updated = search.last_updated(request.args.getlist("_lastUpdated"))
        anyone, person_id = searchset.person(session, request.args)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("Goal", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, updated=updated, count=count, after=after)
    page = api_reads.goals(session, g.api_consumer, filters)
    return searchset.bundle("Goal", page, [resources.goal(read) for read in page.items], count)


@bp.get("/Goal/<int:goal_id>")
@policy.system_requires(Capability.API_READ)
def goal_read(goal_id: int):
    read = api_reads.goal(db.db_session(), g.api_consumer, goal_id)
    if read is None:
        return searchset.not_found("Goal")
    return searchset.read(resources.goal(read), str(read.goal.version))
