"""The coordinator takes in what the person proposed: each proposed goal agreed as written, agreed
with changed words, or "not now" with a reason; each proposed meeting topic taken onto the agenda
or answered. The person reads every answer on their plan.

Only the plan's appointed coordinator opens this page (app.services.proposals.plan_to_answer): a KE
officer gets 404 here, as for any plan they do not coordinate without a reason, and reads the
proposals on the plan's own page after giving one. Each look is in the person's access log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain import clock
from app.domain.capabilities import Capability
from app.domain.staff_access import StaffForPerson
from app.domain.vocabulary import LIFE_AREAS
from app.policy import found_or_404, staff_requires
from app.schemas.base import LoadedForm, load_form
from app.schemas.proposals import (
    AgreeChangedSchema,
    GoalVersionSchema,
    NotNowSchema,
    TopicAnswerSchema,
    TopicTakenSchema,
)
from app.services import proposals
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_proposals", __name__, url_prefix=STAFF_PREFIX + "/planer/<int:plan_id>/forslag")


def _plan_or_404(plan_id: int):
    return found_or_404(proposals.plan_to_answer(db.db_session(), staff_actor(), plan_id), refused="plan")


def _page(plan, status: int = 200, form: str | None = None, loaded: LoadedForm | None = None, conflict=None):
    """The page; after a refused form, that form (`form`: "changed-12") with its messages and what
    was typed, and after a conflict the goal or topic as it is now beside what was typed."""
    waiting = proposals.waiting(db.db_session(), staff_actor(), plan)
    return render_template(
        "staff/proposals.html",
        plan=plan,
        goals=waiting.goals,
        topics=waiting.topics,
        life_areas=LIFE_AREAS,
        now=clock.now(),
        form=form,
        typed=loaded.typed if loaded else {},
        errors=loaded.errors if loaded else {},
        conflict=conflict,
        reason_max=proposals.REASON_MAX,
    ), status


@bp.get("", endpoint="proposals")
@staff_requires(Capability.STAFF_PLAN_READ)
def proposals_page(plan_id: int):
    return _page(_plan_or_404(plan_id))


def _answer(plan_id: int, form: str, schema, action, done: str, **ids):
    """Load the form, answer, and say so: 303 back to the page, 422 with every message at the
    form's fields, 409 with how it stands now beside what was typed; another plan's goal or topic
    is 404."""
    plan = _plan_or_404(plan_id)
    loaded = load_form(schema, request.form)
    if "version" in loaded.errors:
        abort(400)  # a form we never made: nothing typed to keep
    actor = StaffForPerson(staff_actor(), plan.owner)
    if not loaded.ok:
        try:
            found = proposals.answered_already(db.db_session(), actor, **ids)
        except proposals.NotInPlan:
            found_or_404(None, refused="proposal")
        if found is not None:  # answered meanwhile: its form is gone from the page
            return _page(plan, 409, form, loaded, {"kind": "answered", "found": found})
        return _page(plan, 422, form, loaded)
    try:
        action(db.db_session(), actor, **ids, **loaded.data)
    except proposals.NotInPlan:
        found_or_404(None, refused="proposal")
    except proposals.StaleProposal as stale:
        conflict = {"kind": "stale", "goal": stale.goal, "read_version": stale.read_version}
        return _page(plan, 409, form, loaded, conflict)
    except proposals.AlreadyAnswered as answered:
        return _page(plan, 409, form, loaded, {"kind": "answered", "found": answered.found})
    except proposals.MeetingOver as over:
        return _page(plan, 409, form, loaded, {"kind": "meeting_over", "found": over.found})
    flash(done, notices.SUCCESS)
    return redirect(url_for("staff_proposals.proposals", plan_id=plan_id), code=303)


@bp.post("/mal/<int:goal_id>/enig")
@staff_requires(Capability.PLAN_WRITE)
def agree(plan_id: int, goal_id: int):
    done = gettext("Målet er tatt inn i planen slik personen skrev det.")
    return _answer(plan_id, f"agree-{goal_id}", GoalVersionSchema(), proposals.agree, done, goal_id=goal_id)


@bp.post("/mal/<int:goal_id>/endret")
@staff_requires(Capability.PLAN_WRITE)
def agree_changed(plan_id: int, goal_id: int):
    def action(session, actor, goal_id, version, text, life_area=None):
        return proposals.agree_changed(session, actor, goal_id, version, text, life_area)

    done = gettext("Målet er tatt inn i planen med ordene dere ble enige om. Personen ser sine egne ord ved siden av.")
    return _answer(plan_id, f"changed-{goal_id}", AgreeChangedSchema(), action, done, goal_id=goal_id)


@bp.post("/mal/<int:goal_id>/ikke-na")
@staff_requires(Capability.PLAN_WRITE)
def not_now(plan_id: int, goal_id: int):
    done = gettext("Svaret «ikke nå» er lagret. Personen ser begrunnelsen i planen sin.")
    return _answer(plan_id, f"not_now-{goal_id}", NotNowSchema(), proposals.not_now, done, goal_id=goal_id)


@bp.post("/tema/<int:topic_id>/agenda")
@staff_requires(Capability.PLAN_WRITE)
def take_onto_agenda(plan_id: int, topic_id: int):
    done = gettext("Temaet er satt på sakslisten til møtet.")
    return _answer(
        plan_id, f"agenda-{topic_id}", TopicTakenSchema(), proposals.take_onto_agenda, done, topic_id=topic_id
    )


@bp.post("/tema/<int:topic_id>/svar")
@staff_requires(Capability.PLAN_WRITE)
def answer_topic(plan_id: int, topic_id: int):
    done = gettext("Svaret er lagret. Personen ser det i planen sin.")
    return _answer(plan_id, f"answer-{topic_id}", TopicAnswerSchema(), proposals.answer_topic, done, topic_id=topic_id)
