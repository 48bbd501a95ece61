"""The FHIR API's Consent routes: a person's consent to the plan (`plan-<id>`) and to sharing
information with each service in it (`sharing-<id>`), read and searched by person.

A search names its person: consents are read one person at a time, as the person's receipt holds
them. Another municipality's consent, and an id of neither kind, are the same 404 as a missing one."""

from __future__ import annotations

from flask import current_app, g, request

from app import db, policy
from app.api import bp, search, searchset
from app.api.resources_consent import consent
from app.domain import clock
from app.domain.capabilities import Capability
from app.services import api_consent_reads, api_reads


@bp.get("/Consent")
@policy.system_requires(Capability.API_READ)
def consent_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_count", "_after"})
        count, _ = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        anyone, person_id = searchset.person(session, request.args, required=True)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("Consent", api_reads.Page([], 0, None), [], count)
    after = searchset.cursor(request.args)
    page = api_consent_reads.consents_of(session, g.api_consumer, person_id, count, after)
    today = clock.today()
    return searchset.bundle("Consent", page, [consent(read, today) for read in page.items], count)


@bp.get("/Consent/<string:consent_id>")
@policy.system_requires(Capability.API_READ)
def consent_read(consent_id: str):
    read = api_consent_reads.consent(db.db_session(), g.api_consumer, str(consent_id))
    if read is None:
        return searchset.not_found("Consent")
    return searchset.read(consent(read, clock.today()), str(read.consent.version))
