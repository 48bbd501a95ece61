"""The FHIR API's CareTeam routes: who helps in a plan (its id is the plan's), read and search.

Built as app/api/views.py's: the parameters checked strictly (app/api/search.py), the policy asked
(a Maskinporten token with the read scope), one lookup of app/services/api_team_reads.py."""

from __future__ import annotations

from flask import current_app, g, request

from app import db, policy
from app.api import bp, search, searchset
from app.api.resources_team import care_team
from app.domain import clock
from app.domain.capabilities import Capability
from app.services import api_reads, api_team_reads


@bp.get("/CareTeam")
@policy.system_requires(Capability.API_READ)
def careteam_search():
    session = db.db_session()
    try:
        search.check_known(request.args, {"patient", "patient.identifier", "_count", "_after"})
        count, after = search.page(request.args, current_app.config["FHIR_MAX_COUNT"])
        anyone, person_id = searchset.person(session, request.args)
    except search.BadSearch as error:
        return searchset.bad(error)
    if not anyone:
        return searchset.bundle("CareTeam", api_reads.Page([], 0, None), [], count)
    filters = api_reads.Filters(person_id=person_id, count=count, after=after)
    page = api_team_reads.care_teams(session, g.api_consumer, filters)
    today = clock.today()
    return searchset.bundle("CareTeam", page, [care_team(read, today) for read in page.items], count)


@bp.get("/CareTeam/<int:careteam_id>")
@policy.system_requires(Capability.API_READ)
def careteam_read(careteam_id: int):
    read = api_team_reads.care_team(db.db_session(), g.api_consumer, careteam_id)
    if read is None:
        return searchset.not_found("CareTeam")
    return searchset.read(care_team(read, clock.today()), read.version)
