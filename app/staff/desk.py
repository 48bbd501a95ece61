"""The koordinerende enhet's desk: what has come in, filtered and sorted, with what needs attention
counted at the top; one case with everything the person sent, its history and deadline, and the
forms that handle it. Which case an officer may open is the loader's answer (404 and a log line)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain import clock
from app.domain.capabilities import Capability
from app.domain.cases import DECISIONS, NEEDS_REASON, OPEN_STATUSES, Kind, deadline
from app.policy import found_or_404, staff_requires
from app.schemas.base import LoadedForm, load_form, named_errors
from app.schemas.cases import (
    REFUSALS,
    CaseVersionSchema,
    CoordinatorSchema,
    DecisionSchema,
    DeskFilterSchema,
    InterimAnswerSchema,
)
from app.services import case_desk, case_handling, message_reads
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor

bp = Blueprint("staff_desk", __name__, url_prefix=STAFF_PREFIX + "/saker")


@bp.get("")
@staff_requires(Capability.DESK_READ)
def desk():
    loaded = load_form(DeskFilterSchema(), request.args)
    data = loaded.data if loaded.ok else DeskFilterSchema().load({})
    filters = case_desk.DeskFilters(
        status=data["status"],
        kind=data["kind"],
        mine=data["mine"] == "1",
        attention=data["attention"],
        sort=data["sort"],
    )
    found = case_desk.desk(db.db_session(), staff_actor(), filters)
    return render_template(
        "staff/desk.html",
        desk=found,
        filters=filters,
        typed=loaded.typed,
        errors=loaded.errors,
        kinds=case_desk.KINDS,
    ), (200 if loaded.ok else 422)


def _case_or_404(case_id: int):
    return found_or_404(case_desk.case_to_change(db.db_session(), staff_actor(), case_id), refused="case")


def _render_case(
    case, status: int = 200, form: str | None = None, loaded: LoadedForm | None = None, conflict: str | None = None
):
    """The case page: whatever answers with it (the page, a refused or stale form) puts the look in
    the person's access log first."""
    session = db.db_session()
    case_desk.case_shown(session, staff_actor(), case)
    return render_template(
        "staff/case.html",
        case=case,
        about=case_desk.about_case(session, staff_actor(), case),
        deadline=deadline(case.status, case.deadline, case.interim_expected_by, clock.today()),
        wish=case_desk.wish_of(case),
        coordinator_wish=case_desk.coordinator_wish_of(case),
        coordinators=case_desk.coordinators(session, case.municipality_id),
        decisions=[str(decision) for decision in DECISIONS[Kind(case.kind)]],
        needs_reason=[str(decision) for decision in NEEDS_REASON],
        is_open=case.status in OPEN_STATUSES,
        conversation_plan_id=message_reads.conversation_plan_for_case(session, staff_actor(), case),
        form=form,
        typed=loaded.typed if loaded else {},
        errors=loaded.errors if loaded else {},
        conflict=conflict,
    ), status


@bp.get("/<int:case_id>")
@staff_requires(Capability.DESK_READ)
def case(case_id: int):
    return _render_case(_case_or_404(case_id))


def _act(case_id: int, form: str, schema, action, done: str):
    """Load the form, do the action, answer: 303 to the case, 422 with the messages at the fields,
    409 with the case as it is now beside what was typed."""
    found = _case_or_404(case_id)
    loaded = load_form(schema, request.form)
    if "version" in loaded.errors:
        abort(400)  # a form we never made: nothing typed to keep
    if loaded.ok:
        data = dict(loaded.data)
        version = data.pop("version")
        try:
            action(db.db_session(), staff_actor(), case_id, version, **data)
        except case_handling.CaseGone:
            found_or_404(None, refused="case")
        except case_handling.NotAllowed as refused:
            loaded.errors = named_errors(
                schema, {f: [REFUSALS[c] for c in codes] for f, codes in refused.errors.items()}
            )
        except case_handling.StaleCase as stale:
            # The case as it is now: what happened, and the form with the new version and what was typed.
            finished = isinstance(stale, case_handling.CaseFinished)
            return _render_case(stale.case, 409, form, loaded, conflict="finished" if finished else "stale")
        else:
            flash(done, notices.SUCCESS)
            return redirect(url_for("staff_desk.case", case_id=case_id), code=303)
    return _render_case(found, 422, form, loaded)


@bp.post("/<int:case_id>/ta")
@staff_requires(Capability.CASE_HANDLE)
def take(case_id: int):
    return _act(case_id, "take", CaseVersionSchema(), case_handling.take, gettext("Du behandler nå saken."))


@bp.post("/<int:case_id>/forelopig-svar")
@staff_requires(Capability.CASE_HANDLE)
def interim_answer(case_id: int):
    return _act(
        case_id,
        "interim",
        InterimAnswerSchema(),
        case_handling.send_interim_answer,
        gettext("Det foreløpige svaret er sendt. Personen kan lese det i Min plan."),
    )


@bp.post("/<int:case_id>/koordinator")
@staff_requires(Capability.CASE_HANDLE)
def appoint(case_id: int):
    return _act(
        case_id,
        "coordinator",
        CoordinatorSchema(),
        case_handling.appoint_coordinator,
        gettext("Koordinatoren er valgt."),
    )


@bp.post("/<int:case_id>/vedtak")
@staff_requires(Capability.CASE_HANDLE)
def decide(case_id: int):
    return _act(case_id, "decision", DecisionSchema(), case_handling.decide, gettext("Vedtaket er lagret."))


@bp.post("/<int:case_id>/lukk")
@staff_requires(Capability.CASE_HANDLE)
def close(case_id: int):
    return _act(case_id, "close", CaseVersionSchema(), case_handling.close, gettext("Saken er lukket."))
