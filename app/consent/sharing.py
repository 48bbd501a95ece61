"""Giving, changing and withdrawing consent to share information, one service at a time.

Giving or widening asks for a fresh login at level high, keeping what was typed while the
person logs in again; narrowing and withdrawing never do. Every form carries the version it
was based on: a stale or replayed form changes nothing and the page says so."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext

from app import db, notices
from app.auth.actor import actor
from app.consent import bp
from app.consent import words as consent_words
from app.domain.capabilities import Capability
from app.domain.clock import today
from app.policy import FRESH_HIGH, found_or_404, fresh_login_to_share, requires
from app.schemas.base import form_version, load_form
from app.schemas.consent import ChildViewSchema, SharingConsentSchema
from app.services import consents

PENDING_FORM_KEY = "pending_consent"


def _recipient_or_404(participant_id: int, page: str | None = None):
    """A service in this person's plan; any other id (another plan's, a relative, a guess) is 404.

    With `page`, the page shows its consent and the lookup records the read; without, a form
    changes it and the change records itself."""
    s = db.db_session()
    found = (
        consents.recipient_for_actor(s, actor(), participant_id, page)
        if page
        else consents.recipient_to_change(s, actor(), participant_id)
    )
    plan, participant = found_or_404(found)
    return plan, participant, consents.sharing_consents(db.db_session(), plan).get(participant.id)


def _typed_from_consent(consent, participant_id: int) -> dict:
    pending = session.get(PENDING_FORM_KEY)
    if isinstance(pending, dict) and pending.get("participant_id") == participant_id:
        session.pop(PENDING_FORM_KEY)
        return pending["typed"]  # what was typed before the person logged in again
    version = str(consent.version) if consent else "0"
    if consent is None or consent.status != consents.GIVEN:
        return {
            "areas": [],
            "purpose": gettext("Samarbeid om tjenestene i den individuelle planen."),
            "valid_from": today().strftime("%d.%m.%Y"),
            "valid_to": "",
            "exclusions": "",
            "version": version,
        }
    return {
        "areas": list(consent.areas),
        "purpose": consent.purpose,
        "exclusions": consent.exclusions or "",
        "valid_from": consent.valid_from.strftime("%d.%m.%Y"),
        "valid_to": consent.valid_to.strftime("%d.%m.%Y") if consent.valid_to else "",
        "version": version,
    }


def _form(plan, participant, consent, typed: dict, errors: dict | None = None, status: int = 200):
    changing = consent is not None and consent.status == consents.GIVEN
    return render_template(
        "consent/sharing-form.html",
        participant=participant,
        consent=consent,
        typed=typed,
        changing=changing,
        errors=errors or {},
        owner=actor().subject,
        hears_child=actor().hears_child,
    ), status


def _done(text: str) -> None:
    """Said with a link to the receipt, which now shows the change."""
    flash(notices.with_link(text, url_for("consent.receipt"), gettext("Se kvitteringen")), notices.SUCCESS)


def _stale(participant, wanted: str, same_terms: bool = False):
    """A form from before the consent last changed (Back after a change, a second tab, someone
    else): nothing is changed, and the notice says calmly what is true now, naming another person
    only when another person changed it."""
    consent = consents.sharing_consent_of(db.db_session(), participant)
    flash(
        consent_words.stale_sharing_words(participant.service, consent, wanted, actor().person.id, same_terms),
        notices.INFO,
    )
    return redirect(url_for("consent.overview", _anchor=f"service-{participant.id}"), code=303)


def _asks_for_what_is(consent, loaded) -> bool:
    """A replayed give or change form whose terms are exactly those in force."""
    return (
        consent is not None
        and consent.status == consents.GIVEN
        and loaded.ok
        and _same(loaded.data["terms"], consents.terms_of(consent))
    )


def _same(typed, kept) -> bool:
    return set(typed.areas) == set(kept.areas) and (
        typed.purpose.strip(),
        (typed.exclusions or "").strip(),
        typed.valid_from,
        typed.valid_to,
    ) == (kept.purpose.strip(), (kept.exclusions or "").strip(), kept.valid_from, kept.valid_to)


@bp.get("/samtykke/<int:participant_id>/gi")
@requires(Capability.CONSENT_MANAGE, fresh_login=FRESH_HIGH)
def give(participant_id: int):
    plan, participant, consent = _recipient_or_404(participant_id)
    if consent is not None and consent.status == consents.GIVEN:
        return redirect(url_for("consent.change", participant_id=participant_id), code=303)
    plan, participant, consent = _recipient_or_404(participant_id, "sharing-form")  # shown now: the read is recorded
    return _form(plan, participant, consent, _typed_from_consent(consent, participant_id))


@bp.get("/samtykke/<int:participant_id>/endre")
@requires(Capability.CONSENT_MANAGE)
def change(participant_id: int):
    plan, participant, consent = _recipient_or_404(participant_id)
    if consent is None or consent.status != consents.GIVEN:
        return redirect(url_for("consent.give", participant_id=participant_id), code=303)
    plan, participant, consent = _recipient_or_404(participant_id, "sharing-form")  # shown now: the read is recorded
    return _form(plan, participant, consent, _typed_from_consent(consent, participant_id))


@bp.post("/samtykke/<int:participant_id>/gi")
@requires(Capability.CONSENT_MANAGE, resent_after_login=False)
def give_submit(participant_id: int):
    return _save(participant_id)


@bp.post("/samtykke/<int:participant_id>/endre")
@requires(Capability.CONSENT_MANAGE, resent_after_login=False)
def change_submit(participant_id: int):
    return _save(participant_id)


def _save(participant_id: int):
    plan, participant, consent = _recipient_or_404(participant_id)
    version = form_version(request.form)
    if version is None:
        abort(400)
    acting = actor()
    kept_from = consent.valid_from if consent is not None and consent.status == consents.GIVEN else None
    loaded = load_form(SharingConsentSchema(today(), kept_from, acting.hears_child), request.form)
    if version != (consent.version if consent else 0):
        # A replayed form, or changed meanwhile: said plainly before anything is checked.
        return _stale(participant, "given", _asks_for_what_is(consent, loaded))
    typed = {**loaded.typed, "version": str(version)}  # everything typed comes back, however long
    if not loaded.ok:
        return _form(plan, participant, consent, typed, loaded.errors, 422)
    terms, child = loaded.data["terms"], loaded.data["child"]
    before = consents.terms_of(consent) if consent is not None and consent.status == consents.GIVEN else None
    keep_typed = lambda: session.__setitem__(PENDING_FORM_KEY, {"participant_id": participant_id, "typed": typed})  # noqa: E731
    if (to_login := fresh_login_to_share(before, terms, keep_typed)) is not None:
        return to_login
    try:
        consents.save_sharing(db.db_session(), acting, plan, participant, terms, version, child)
    except consents.StaleConsent:
        return _stale(participant, "given")
    _done(gettext("Samtykket til %(service)s er lagret. Det gjelder med en gang.", service=participant.service))
    return redirect(url_for("consent.overview", _anchor=f"service-{participant.id}"), code=303)


@bp.get("/samtykke/<int:participant_id>/trekk-tilbake")
@requires(Capability.CONSENT_MANAGE)
def withdraw_confirm(participant_id: int):
    plan, participant, consent = _recipient_or_404(participant_id, "withdraw")
    if consent is None or consent.status != consents.GIVEN:
        return _stale(participant, "withdrawn")  # Back to a withdrawal already done: what is true now
    return render_template(
        "consent/withdraw.html",
        participant=participant,
        consent=consent,
        owner=actor().subject,
        errors={},
        typed={},
        hears_child=actor().hears_child,
    )


@bp.post("/samtykke/<int:participant_id>/trekk-tilbake")
@requires(Capability.CONSENT_MANAGE)
def withdraw(participant_id: int):
    """One press, never a login: withdrawing is never harder than giving."""
    plan, participant, consent = _recipient_or_404(participant_id)
    version = form_version(request.form)
    if version is None:
        abort(400)
    if consent is None or consent.status != consents.GIVEN or consent.version != version:
        return _stale(participant, "withdrawn")  # pressed twice, or withdrawn meanwhile: nothing more happens
    hears_child = actor().hears_child
    loaded = load_form(ChildViewSchema(hears_child), request.form)
    if not loaded.ok:
        return render_template(
            "consent/withdraw.html",
            participant=participant,
            consent=consent,
            owner=actor().subject,
            errors=loaded.errors,
            hears_child=hears_child,
            typed=loaded.typed,
        ), 422
    child = loaded.data["child"]
    try:
        consents.withdraw_sharing(db.db_session(), actor(), plan, participant, version, child)
    except consents.StaleConsent:
        return _stale(participant, "withdrawn")
    _done(
        gettext("Samtykket til %(service)s er trukket tilbake. Det gjelder med en gang.", service=participant.service)
    )
    return redirect(url_for("consent.overview", _anchor=f"service-{participant.id}"), code=303)
