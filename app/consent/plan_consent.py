"""The consent to having an individuell plan (no plan without it): seeing it,
giving it again after a fresh login, and withdrawing it with one press and no login."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, easyread, notices
from app.auth.actor import actor
from app.consent import bp
from app.consent import words as consent_words
from app.domain.capabilities import Capability
from app.domain.clock import today
from app.policy import FRESH_HIGH_TYPED, found_or_404, may, requires
from app.schemas.base import form_version, load_form
from app.schemas.consent import ChildViewSchema
from app.services import consents
from app.services import plan_consent as plan_consents


def _plan_or_404(page: str | None = None):
    """The plan whose consent `page` shows (the lookup records the read), or a form changes (it records itself)."""
    s = db.db_session()
    plan = consents.plan_for_actor(s, actor(), page) if page else consents.plan_of(s, actor())
    return found_or_404(plan)  # no plan yet, so no consent to it


def _page(template: str, plan, errors: dict | None = None, status: int = 200, typed: dict | None = None):
    return render_template(
        template,
        plan=plan,
        owner=actor().subject,
        errors=errors or {},
        consent=plan_consents.plan_consent(db.db_session(), plan),
        may_manage=may(Capability.CONSENT_MANAGE),
        hears_child=actor().hears_child,
        typed=typed or {},
    ), status


@bp.get("/samtykke/plan")
@requires(Capability.PLAN_READ)
def plan_consent():
    return _page("consent/plan-consent.html", _plan_or_404("plan"))


def _stale(plan, wanted: str) -> None:
    """Pressed twice, Back after a change, or changed by someone else: what is true now, calmly."""
    consent = plan_consents.plan_consent(db.db_session(), plan)
    flash(consent_words.stale_plan_words(consent, wanted, actor().person.id), notices.INFO)


def _change_plan_consent(template: str, change, done: str, from_given: bool):
    """Give or withdraw the consent to having a plan: the form's version, the child's view when a
    parent acts for a child of 7–15, then one service call."""
    plan = _plan_or_404()
    version = form_version(request.form)
    if version is None:
        abort(400)
    consent = plan_consents.plan_consent(db.db_session(), plan)
    given = consent is not None and consent.status == consents.GIVEN
    if version != (consent.version if consent else 0) or given != from_given:
        # Pressed twice or changed meanwhile: said plainly before anything is checked, since the
        # page as it is now no longer has the form's fields to point an error at.
        _stale(plan, "withdrawn" if from_given else "given")
        return redirect(url_for("consent.plan_consent"), code=303)
    loaded = load_form(ChildViewSchema(actor().hears_child), request.form)
    if not loaded.ok:
        return _page(template, plan, loaded.errors, 422, loaded.typed)
    child = loaded.data["child"]
    try:
        change(plan, version, child)
        flash(done, notices.SUCCESS)
    except consents.StaleConsent:
        _stale(plan, "withdrawn" if from_given else "given")
    return redirect(url_for("consent.plan_consent"), code=303)


@bp.post("/samtykke/plan/gi")
@requires(Capability.CONSENT_MANAGE, fresh_login=FRESH_HIGH_TYPED)
def plan_consent_give():
    return _change_plan_consent(
        "consent/plan-consent.html",
        done=gettext("Du har sagt ja til planen.")
        if easyread.is_on()
        else gettext("Samtykket til individuell plan er lagret."),
        from_given=False,
        change=lambda plan, version, child: plan_consents.give_plan_consent(
            db.db_session(), actor(), plan, version, today(), child
        ),
    )


@bp.get("/samtykke/plan/trekk-tilbake")
@requires(Capability.CONSENT_MANAGE)
def plan_consent_withdraw_confirm():
    return _page("consent/plan-consent-withdraw.html", _plan_or_404("plan-withdraw"))


@bp.post("/samtykke/plan/trekk-tilbake")
@requires(Capability.CONSENT_MANAGE)
def plan_consent_withdraw():
    """Never a login: withdrawing is never harder than giving."""
    return _change_plan_consent(
        "consent/plan-consent-withdraw.html",
        done=gettext("Du har sagt stopp for planen. Det gjelder fra nå.")
        if easyread.is_on()
        else gettext("Samtykket til individuell plan er trukket tilbake. Det gjelder med en gang."),
        from_given=True,
        change=lambda plan, version, child: plan_consents.withdraw_plan_consent(
            db.db_session(), actor(), plan, version, child
        ),
    )
