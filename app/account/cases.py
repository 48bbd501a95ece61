"""The person's cases at the koordinerende enhet: the list, one case with its history in plain
words, and the page shown when there is no municipality to send to.

Which cases the actor sees, and how much of each, is decided by the lookups in
app/services/case_status.py that take the actor; a case id that is not the subject's is 404."""

from __future__ import annotations

from flask import render_template

from app import db
from app.account import bp
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.policy import found_or_404, may, requires
from app.services import case_status, complaints
from app.services.case_intake import NoMunicipality


@bp.get("/min-side/saker")
@requires(Capability.PLAN_READ)
def cases():
    acting = actor()
    return render_template(
        "account/cases.html",
        cases=case_status.cases_for_actor(db.db_session(), acting),
        owner=acting.subject,
        may_complain=may(Capability.PLAN_CONTRIBUTE),
    )


@bp.get("/min-side/saker/<int:case_id>")
@requires(Capability.PLAN_READ)
def case(case_id: int):
    acting = actor()
    found = found_or_404(case_status.case_for_actor(db.db_session(), acting, case_id), refused="case")
    return render_template(
        "account/case.html",
        case=found,
        complaint_parts=complaints.parts(found.complaint_text),
        owner=acting.subject,
        may_complain=may(Capability.PLAN_CONTRIBUTE),
    )


@bp.app_errorhandler(NoMunicipality)
def no_municipality(error: NoMunicipality):
    """A request, a wizard's answers or a complaint for someone with no municipality on record has
    no koordinerende enhet to go to: nothing was saved (the use case rolled back); the page says
    whom to contact instead. Registered for the whole app, as the wizard sends requests too."""
    return render_template("account/no-municipality.html"), 422
