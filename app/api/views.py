"""The FHIR API's routes: metadata, Patient, CarePlan and Goal (read and search).

Each parses its parameters (app/api/search.py), asks the policy (a Maskinporten token with the
read scope), calls one lookup of app/services/api_reads.py that takes the municipal system as
its actor, and answers with the resource or a searchset Bundle, validated by fhir.resources.
Another municipality's person, plan or goal, and one that does not exist, are the same 404.
"""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from flask import Response, current_app, g, request, url_for

from app import db, policy
from app.api import bp, capability, resources, search
from app.api.outcome import fhir_response, outcome_response
from app.domain import clock
from app.domain.capabilities import Capability
from app.services import api_reads


def _not_found(kind: str):
    return outcome_response(404, "not-found", f"{kind} not found")


def _bad(error: search.BadSearch):
    return outcome_response(400, "invalid", str(error))


def _read(resource, version: str):
    """The resource with its version as ETag; a system that already holds this version (If-None-Match)
    gets 304 and no body, so polling an unchanged plan costs little (the read is still logged)."""
    etag = f'W/"{version}"'
    if request.if_none_match.contains_weak(version):
        return Response(status=304, headers={"ETag": etag})
    return fhir_response(resource, headers={"ETag": etag})


def _bundle(kind: str, page: api_reads.Page, resources_found: list, count: int):
    endpoint = f"api.{kind.lower()}_search"
    args = {key: values for key, values in request.args.lists() if key not in ("_count", "_after")}
    links = [{"relation": "self", "url": url_for(endpoint, _external=True, **args, _count=count)}]
    if page.next_after is not None:
        links.append(
            {"relation": "next", "url": url_for(endpoint, _external=True, **args, _count=count, _after=page.next_after)}
        )
    entries = [
        {
            "fullUrl": url_for(f"api.{kind.lower()}_read", _external=True, **{f"{kind.lower()}_id": int(found.id)}),
            "resource": found,
            "search": {"mode": "match"},
        }
        for found in resources_found
    ]
    bundle = Bundle.model_validate(
        {"resourceType": "Bundle", "type": "searchset", "total": page.total, "link": links, "entry": entries or None}
    )
    return fhir_response(bundle)


def _person_filter(session, args) -> tuple[bool, int | None]:
    """(whether anyone can match, the person's id) from `patient` or `patient.identifier`."""
    if "patient" in args:
        return True, search.patient_id(args["patient"])
    if "patient.identifier" in args:
        person = api_reads.person_by_identity_number(
            session, g.api_consumer, search.identity_number(args["patient.identifier"])
        )
        return person is not None, person.id if person else None
    return True, None


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
        return _bad(error)
    found = api_reads.patients(db.db_session(), g.api_consumer, pid)
    page = api_reads.Page(found, len(found), None)
    return _bundle("Patient", page, [resources.patient(person) for person in found], search.DEFAULT_COUNT)


@bp.get("/Patient/<int:patient_id>")
@policy.system_requires(Capability.API_READ)
def patient_read(patient_id: int):
    person = api_reads.patient(db.db_session(), g.api_consumer, patient_id)
    if person is None:
        return _not_found("Patient")
    return _read(resources.patient(person), resources.patient_version(person))


@bp.get("/CarePlan")
@policy.system_requires(Capability.API_READ)
def careplan_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_lastUpdated", "_count", "_after"})
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        updated = search.last_updated(request.args.getlist("_lastUpdated"))
        anyone, person_id = _person_filter(session, request.args)
    except search.BadSearch as error:
        return _bad(error)
    if not anyone:
        return _bundle("CarePlan", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, updated=updated, count=count, after=after)
    page = api_reads.care_plans(session, g.api_consumer, filters)
    today = clock.today()
    return _bundle("CarePlan", page, [resources.care_plan(read, today) for read in page.items], count)


@bp.get("/CarePlan/<int:careplan_id>")
@policy.system_requires(Capability.API_READ)
def careplan_read(careplan_id: int):
    read = api_reads.care_plan(db.db_session(), g.api_consumer, careplan_id)
    if read is None:
        return _not_found("CarePlan")
    return _read(resources.care_plan(read, clock.today()), read.version)


@bp.get("/Goal")
@policy.system_requires(Capability.API_READ)
def goal_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_lastUpdated", "_count", "_after"})
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        updated = search.last_updated(request.args.getlist("_lastUpdated"))
        anyone, person_id = _person_filter(session, request.args)
    except search.BadSearch as error:
        return _bad(error)
    if not anyone:
        return _bundle("Goal", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, updated=updated, count=count, after=after)
    page = api_reads.goals(session, g.api_consumer, filters)
    return _bundle("Goal", page, [resources.goal(read) for read in page.items], count)


@bp.get("/Goal/<int:goal_id>")
@policy.system_requires(Capability.API_READ)
def goal_read(goal_id: int):
    read = api_reads.goal(db.db_session(), g.api_consumer, goal_id)
    if read is None:
        return _not_found("Goal")
    return _read(resources.goal(read), str(read.goal.version))
