"""The wizard pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.auth.actor import actor
from app.consent.words import moment_in_words
from app.domain.capabilities import Capability
from app.policy import requires
from app.schemas.base import form_version, load_form
from app.schemas.wizard import AreasSchema, GoalSchema, HelpSchema, ImportantSchema, ParticipantsSchema
from app.services import wizard
from app.services import wizard_steps as steps
from app.wizard import bp, words
from app.wizard.words import QUESTIONS

TEMPLATES = {
    steps.IMPORTANT: "wizard/important.html",
    steps.AREAS: "wizard/areas.html",
    steps.GOALS: "wizard/goal.html",
    steps.HELP: "wizard/help.html",
    steps.PARTICIPANTS: "wizard/participants.html",
}
SCHEMAS = {
    steps.IMPORTANT: ImportantSchema,
    steps.AREAS: AreasSchema,
    steps.GOALS: GoalSchema,
    steps.HELP: HelpSchema,
    steps.PARTICIPANTS: ParticipantsSchema,
}


def _draft(to_change: bool = False):
    """The draft to show (the lookup records the read), or `to_change` by a form, which records itself."""
    return (wizard.draft_to_change if to_change else wizard.draft_for)(db.db_session(), actor())


def _answers(draft) -> dict:
    return dict(draft.answers or {}) if draft is not None and draft.sent_at is None else {}


def _context(draft, step: str, **extra) -> dict:
    answers = _answers(draft)
    furthest = draft.furthest_step if draft is not None and draft.sent_at is None else 0
    states = steps.step_states(answers, furthest)
    step_urls = {
        state.key: (
            _step_url(*steps.resume_target(answers, steps.STEPS.index(state.key)))
            if state.key in steps.PER_AREA
            else _step_url(state.key)
        )
        for state in states
        if state.reachable
    }
    return {
        "draft": draft if draft is not None and draft.sent_at is None else None,
        "step": step,
        "step_number": steps.STEPS.index(step) + 1 if step in steps.STEPS else None,
        "step_total": len(steps.STEPS),
        "states": states,
        "step_urls": step_urls,
        "answers": answers,
        "questions": QUESTIONS,
        "words": words,
        "steps": steps,
        "version": draft.version if draft is not None else 0,
        "errors": {},
        "return_to": _return_to(),
        "owner": actor().subject,
        "conflict": None,
        "back_url": _step_url(*steps.before(answers, step, extra["area"])) if extra.get("area") else None,
        **extra,
    }


def _return_to() -> str | None:
    """A change link on "Se over" brings the person back there after the change, nowhere else."""
    value = request.values.get("tilbake")
    return steps.CHECK if value == steps.CHECK else None


def _step_url(step: str, area: str | None = None) -> str:
    if step in steps.PER_AREA:
        return url_for("wizard.goal" if step == steps.GOALS else "wizard.area_help", area=area)
    endpoint = {
        steps.IMPORTANT: "wizard.important",
        steps.AREAS: "wizard.areas",
        steps.PARTICIPANTS: "wizard.participants",
        steps.CHECK: "wizard.check",
    }[step]
    return url_for(endpoint)


def _saved_values(answers: dict, step: str, area: str | None) -> dict:
    if step in steps.PER_AREA:
        given = steps.goal_answers(answers, area)
        return {name: given.get(name, [] if name == "needs_choices" else "") for name in SCHEMAS[step]().fields}
    return {name: answers.get(name, [] if name == "areas" else "") for name in SCHEMAS[step]().fields}


def _show(step: str, area: str | None = None):
    draft = _draft()
    if step in steps.PER_AREA and not steps.may_show(_answers(draft), step, area):
        return redirect(
            _step_url(*steps.resume_target(_answers(draft), 0 if draft is None else draft.furthest_step)), 303
        )
    context = _context(draft, step, area=area)
    return render_template(TEMPLATES[step], typed=_saved_values(context["answers"], step, area), **context)


def _save(step: str, area: str | None = None):
    """Save one step; invalid → 422 with everything typed; stale → 409 with both versions."""
    s, acting = db.db_session(), actor()
    draft = _draft(to_change=True)
    if step in steps.PER_AREA and not steps.may_show(_answers(draft), step, area):
        # Posted out of order (an area not chosen, help before its goal, a form from before the choice changed).
        answers = _answers(draft)
        return redirect(_step_url(*steps.resume_target(answers, steps.STEPS.index(step))), 303)
    schema = SCHEMAS[step]()
    loaded = load_form(schema, request.form)
    data, typed = loaded.data, loaded.typed
    if not loaded.ok:
        return render_template(
            TEMPLATES[step], **_context(draft, step, area=area, typed=typed, errors=loaded.errors)
        ), 422
    expected = form_version(request.form)
    if expected is None:
        expected = -1  # a form without its version (or a forged one) is treated as stale, never as the newest
    try:
        saved = wizard.save_step(s, acting, step, data, expected, area)
    except wizard.StaleDraft as stale:
        if stale.draft.sent_at is not None:  # a form from before the answers were sent (another tab)
            _already_sent()
            return redirect(url_for("wizard.sent"), 303)
        newer = _saved_values(_answers(stale.draft), step, area)
        return render_template(
            TEMPLATES[step],
            **_context(
                stale.draft,
                step,
                area=area,
                typed=typed,
                conflict=newer,
                errors={"conflict": [str(_conflict_message(stale.draft))]},
            ),
        ), 409
    if _return_to() == steps.CHECK and steps.is_complete(saved.answers):
        return redirect(url_for("wizard.check"), 303)
    if step in steps.PER_AREA:
        return redirect(_step_url(*steps.after(saved.answers, step, area)), 303)
    if step == steps.AREAS:
        first = steps.missing_goal_areas(saved.answers) or steps.chosen_areas(saved.answers)
        return redirect(url_for("wizard.goal", area=first[0]), 303)
    return redirect(_step_url(steps.STEPS[steps.STEPS.index(step) + 1]), 303)


def _conflict_message(draft):
    """Who saved the newer answers, and when: the reader themselves (another tab, another device)
    is never told it was someone else; another person is named."""
    when = moment_in_words(draft.updated_at)
    if draft.updated_by_id == actor().person.id:
        return gettext(
            "Du lagret nyere svar her %(date)s kl. %(time)s, i en annen fane eller på en annen enhet. "
            "Se begge svarene og lagre det som er riktig.",
            **when,
        )
    return gettext(
        "%(name)s lagret nyere svar her %(date)s kl. %(time)s, mens du skrev. Se begge svarene og lagre det som er riktig.",
        name=draft.updated_by.name or gettext("en person uten navn"),
        **when,
    )


@bp.get("")
@requires(Capability.PLAN_CONTRIBUTE)
def start():
    draft, s = _draft(), db.db_session()
    context = _context(draft, "start")
    resume = steps.resume_target(context["answers"], draft.furthest_step) if context["draft"] else None
    acting = actor()
    own_proposal = wizard.author_for(acting) != acting.subject.id  # a parent's own draft, not the child's
    return render_template(
        "wizard/start.html",
        resume_url=_step_url(*resume) if resume else None,
        has_plan=acting.subject.has_plan,
        own_proposal=own_proposal,
        sent=wizard.latest_submission(s, acting) if draft and draft.sent_at else None,
        **context,
    )


@bp.post("/start-pa-nytt")
@requires(Capability.PLAN_CONTRIBUTE)
def start_again():
    wizard.start_again(db.db_session(), actor())
    return redirect(url_for("wizard.important"), 303)


@bp.route("/viktig", methods=["GET", "POST"])
@requires(Capability.PLAN_CONTRIBUTE)
def important():
    return _save(steps.IMPORTANT) if request.method == "POST" else _show(steps.IMPORTANT)


@bp.route("/livsomrader", methods=["GET", "POST"])
@requires(Capability.PLAN_CONTRIBUTE)
def areas():
    return _save(steps.AREAS) if request.method == "POST" else _show(steps.AREAS)


def _area_step(step: str, area: str):
    if area not in steps.LIFE_AREAS:
        abort(404)
    return _save(step, area) if request.method == "POST" else _show(step, area)


@bp.route("/mal/<string:area>", methods=["GET", "POST"])
@requires(Capability.PLAN_CONTRIBUTE)
def goal(area: str):
    return _area_step(steps.GOALS, area)


@bp.route("/hjelp/<string:area>", methods=["GET", "POST"])
@requires(Capability.PLAN_CONTRIBUTE)
def area_help(area: str):
    return _area_step(steps.HELP, area)


@bp.route("/deltakere", methods=["GET", "POST"])
@requires(Capability.PLAN_CONTRIBUTE)
def participants():
    return _save(steps.PARTICIPANTS) if request.method == "POST" else _show(steps.PARTICIPANTS)


@bp.get("/se-over")
@requires(Capability.PLAN_CONTRIBUTE)
def check():
    return _check_page()


def _check_page(status: int = 200, **extra):
    context = _context(_draft(to_change=status != 200), steps.CHECK, **extra)
    missing = steps.missing_goal_areas(context["answers"])
    return render_template("wizard/check.html", missing=missing, has_plan=actor().subject.has_plan, **context), status


@bp.post("/send")
@requires(Capability.PLAN_CONTRIBUTE)
def send():
    s = db.db_session()
    expected = form_version(request.form)
    if expected is None:
        abort(400)
    try:
        wizard.send(s, actor(), expected)
    except wizard.AlreadySent:
        _already_sent()
    except wizard.Incomplete:
        return _incomplete()
    except wizard.StaleDraft as stale:
        return _check_page(409, errors={"conflict": [str(_conflict_message(stale.draft))]})
    return redirect(url_for("wizard.sent"), 303)


def _already_sent() -> None:
    flash(gettext("Svarene var allerede sendt. Vi har ikke sendt dem en gang til."), notices.INFO)


def _incomplete():
    answers = _answers(_draft(to_change=True))
    errors = {}
    if not steps.chosen_areas(answers):
        errors["areas"] = [gettext("Velg minst ett livsområde.")]
    for area in steps.missing_goal_areas(answers):
        errors[f"goal-{area}"] = [gettext("Skriv målet ditt med egne ord.")]
    return _check_page(422, errors=errors)


@bp.get("/sendt")
@requires(Capability.PLAN_CONTRIBUTE)
def sent():
    s, acting = db.db_session(), actor()
    submission = wizard.latest_submission(s, acting)
    return render_template(
        "wizard/sent.html",
        submission=submission,
        owner=acting.subject,
        words=words,
        sent_goals=wizard.sent_goals(s, acting, submission) if submission else [],
    )
