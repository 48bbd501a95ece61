"""The FHIR API's AuditEvent routes: a person's access log, read by row and searched by person,
newest first, optionally within `date` (`ge`/`le`/`gt`/`lt`/`eq`, given at most twice, parsed as
`_lastUpdated` is). A search names its person: the log is read one person at a time, as she reads it."""

from __future__ import annotations

from flask import current_app, g, request
from werkzeug.datastructures import MultiDict

from app import db, policy
from app.api import bp, search, searchset
from app.api.resources_log import audit_event
from app.domain.capabilities import Capability
from app.services import api_log_reads, api_reads

# A period has two ends: `date=ge…&date=le…`.
MAX_DATES = 2


def _dates(args) -> tuple:
    values = args.getlist("date")
    if len(values) > MAX_DATES:
        raise search.BadSearch("date may be given at most twice (a start and an end)")
    try:
        return search.last_updated(values)
    except search.BadSearch:
        raise search.BadSearch(
            "date is a day (2026-12-01) or an instant with its zone, after ge, le, gt, lt or eq"
        ) from None


@bp.get("/AuditEvent")
@policy.system_requires(Capability.API_READ)
def auditevent_search():
    session = db.db_session()
    try:
        # `date` may come twice: checked here, the rest as every search's parameters.
        single = MultiDict([(key, value) for key, value in request.args.items(multi=True) if key != "date"])
        search.check_known(single, {"patient", "patient.identifier", "_count", "_after"})
        count, _ = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        recorded = _dates(request.args)
        anyone, person_id = searchset.person(session, request.args, required=True)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("AuditEvent", api_reads.Page([], 0, None), [], count)
    filters = api_log_reads.LogFilters(recorded=recorded, count=count, before=searchset.cursor(request.args))
    page = api_log_reads.audit_events(session, g.api_consumer, person_id, filters)
    return searchset.bundle("AuditEvent", page, [audit_event(read) for read in page.items], count)


@bp.get("/AuditEvent/<int:auditevent_id>")
@policy.system_requires(Capability.API_READ)
def auditevent_read(auditevent_id: int):
    read = api_log_reads.audit_event(db.db_session(), g.api_consumer, auditevent_id)
    if read is None:
        return searchset.not_found("AuditEvent")
    return searchset.read(audit_event(read), "1")
