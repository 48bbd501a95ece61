"""Granting, seeing and revoking fullmakter. Granting and revoking need a fresh
login at level high; a form sent after the login went stale is kept and shown again."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from app import db, notices
from app.auth import current
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import FRESH_HIGH, FRESH_HIGH_TYPED, found_or_404, login_required, may, requires
from app.representation import bp
from app.schemas.base import load_form, named_errors, typed_values
from app.schemas.power_of_attorney import REFUSALS, GrantPowerOfAttorneySchema
from app.services import power_of_attorney, representations

PENDING_FORM_KEY = "pending_power_of_attorney"


@bp.get("/fullmakter")
@login_required
def power_of_attorney_list():
    person, s = current.person(), db.db_session()
    day = clock.today()
    given = representations.judged(power_of_attorney.given_by(s, person.id), day)
    received = representations.judged(power_of_attorney.received_by(s, person.id), day)
    may_grant = may(Capability.REPRESENTATION_MANAGE)  # never while acting for someone: only for oneself
    return render_template("representation/power-of-attorney.html", given=given, received=received, may_grant=may_grant)


@bp.get("/fullmakter/ny")
@requires(Capability.REPRESENTATION_MANAGE, fresh_login=FRESH_HIGH)
def power_of_attorney_new():
    return render_template(
        "representation/power-of-attorney-new.html", typed=session.pop(PENDING_FORM_KEY, {}), errors={}
    )


def _keep_typed() -> None:
    session[PENDING_FORM_KEY] = typed_values(
        GrantPowerOfAttorneySchema(), request.form
    )  # nothing typed is lost while the person logs in again


@bp.post("/fullmakter/ny")
@requires(Capability.REPRESENTATION_MANAGE, fresh_login=FRESH_HIGH_TYPED, keep_form=_keep_typed)
def power_of_attorney_create():
    s, grantor, day = db.db_session(), current.person(), clock.today()

    def refusal(number, data: dict) -> str | None:  # asked by the form: one answer with every error
        return power_of_attorney.refusal(
            s, grantor, number, data.get("name"), data.get("scopes"), data.get("valid_to"), day
        )

    loaded = load_form(GrantPowerOfAttorneySchema(refusal), request.form)
    if not loaded.ok:
        return _form_again(loaded.errors, loaded.typed)
    data = loaded.data
    try:
        power_of_attorney.grant(s, grantor, data["pid"], data["name"], data["scopes"], data["valid_to"], day)
    except power_of_attorney.CannotGrant as refused:  # given in between, by a request at the same moment
        return _form_again(
            named_errors(GrantPowerOfAttorneySchema(), {refused.field: [str(REFUSALS[refused.reason])]}),
            loaded.typed,
        )
    flash(gettext("%(name)s har nå fullmakt.", name=data["name"]), notices.SUCCESS)
    return redirect(url_for("representation.power_of_attorney_list"), code=303)


def _form_again(errors: dict, typed: dict):
    return render_template("representation/power-of-attorney-new.html", typed=typed, errors=errors), 422


@bp.post("/fullmakter/<int:representation_id>/trekk-tilbake")
@requires(Capability.REPRESENTATION_MANAGE, fresh_login=FRESH_HIGH)
def power_of_attorney_revoke(representation_id: int):
    revoked = found_or_404(power_of_attorney.revoke(db.db_session(), current.person(), representation_id))
    flash(gettext("Fullmakten til %(name)s er trukket tilbake.", name=revoked.holder_called or ""), notices.SUCCESS)
    return redirect(url_for("representation.power_of_attorney_list"), code=303)
