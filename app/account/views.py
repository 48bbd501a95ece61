"""The account pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import Response, render_template

from app import db
from app.account import bp
from app.account import data_copy as fhir_copy
from app.auth.actor import actor
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import login_required, may, requires
from app.services import case_status, overview, power_of_attorney, representations
from app.services import data_copy as data_copies


@bp.get("/min-side")
@login_required
def my_page():
    acting, s = actor(), db.db_session()
    return render_template(
        "account/my-page.html",
        person=acting.subject,
        acting=acting.acting_for_someone,
        now=overview.for_actor(s, acting, clock.now(), may),
        cases=case_status.cases_for_actor(s, acting) if may(Capability.PLAN_READ) else [],
        may_read_plan=may(Capability.PLAN_READ),
        may_read_access_log=may(Capability.ACCESSLOG_READ),
        may_read_consents=may(Capability.PLAN_READ),
        may_contribute=may(Capability.PLAN_CONTRIBUTE),
        just_turned_16=not acting.acting_for_someone
        and representations.now_decides_alone(s, acting.person, clock.today()),
    )


@bp.get("/min-side/dataene-dine")
@requires(Capability.PLAN_READ)
def data_copy():
    """What the copy holds, in plain words, and the two ways to get it."""
    return render_template(
        "account/data-copy.html",
        owner=actor().subject,
        may_read_access_log=may(Capability.ACCESSLOG_READ),
        own_fullmakter=may(Capability.REPRESENTATION_MANAGE),
    )


@bp.get("/min-side/dataene-dine/utskrift")
@requires(Capability.PLAN_READ)
def data_copy_print():
    acting, s = actor(), db.db_session()
    copy = data_copies.for_actor(s, acting, may, "html")
    # The access log's names, as its own page gives them (representation.views.access_log).
    given = power_of_attorney.given_by(s, acting.subject.id) if copy.includes_access_log else []
    return render_template(
        "account/data-copy-print.html",
        owner=acting.subject,
        copy=copy,
        today=clock.today(),
        typed_names={r.holder_id: r.holder_name for r in given if r.holder_name},
        holder_names={r.holder_id: r.holder_called for r in given if r.holder_called},
    )


@bp.get("/min-side/dataene-dine.json")
@requires(Capability.PLAN_READ)
def data_copy_json():
    acting, s = actor(), db.db_session()
    copy = data_copies.for_actor(s, acting, may, "json")
    bundle = fhir_copy.bundle(acting.subject, copy)
    response = Response(bundle.model_dump_json(indent=2), mimetype="application/fhir+json")
    response.headers["Content-Disposition"] = f'attachment; filename="minplan-data-{clock.today().isoformat()}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
