"""The representation pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import abort, redirect, render_template, request

from app import db
from app.auth import actor as actors
from app.auth import current
from app.domain import clock
from app.domain.capabilities import Capability
from app.policy import found_or_404, login_required, requires
from app.representation import bp
from app.schemas import form_integer
from app.schemas.base import load_form
from app.schemas.representation import ChooseSubjectSchema
from app.services import audit, privacy, representations
from app.services.power_of_attorney import given_by as fullmakter_given_by
from app.urls import safe_next


def _choices():
    person = current.person()
    judged = representations.judged(representations.held_by(db.db_session(), person.id), clock.today())
    usable = [(r, g) for r, g in judged if g.capabilities]
    ended = [(r, g) for r, g in judged if not g.capabilities]
    return usable, ended


@bp.get("/hvem-handler-du-for")
@login_required
def choose():
    usable, ended = _choices()
    return render_template(
        "representation/choose.html",
        usable=usable,
        ended=ended,
        errors={},
        next=safe_next(request.args.get("next"), default="/min-side"),
    )


@bp.post("/hvem-handler-du-for")
@login_required
def choose_submit():
    person = current.person()
    loaded = load_form(ChooseSubjectSchema(), request.form)
    if not loaded.ok:
        usable, ended = _choices()
        return render_template(
            "representation/choose.html",
            usable=usable,
            ended=ended,
            errors=loaded.errors,
            next=safe_next(loaded.typed["next"], default="/min-side"),
        ), 422
    representation_id, next_url = loaded.data["subject"], loaded.data["next"]
    if representation_id is None:
        actors.act_for(None)
        return redirect(next_url, code=303)
    # A guessed or forged id, or a right that has ended: nothing, and no hint which.
    representation = found_or_404(
        representations.start_acting(db.db_session(), person, representation_id, clock.today())
    )
    actors.act_for(representation)
    return redirect(next_url, code=303)


@bp.get("/tilgangslogg")
@requires(Capability.ACCESSLOG_READ)
def access_log():
    page = form_integer(request.args.get("side", "1"), minimum=1)
    if page is None or page >= 10_000:
        abort(404)
    acting = actors.actor()
    subject, s = acting.subject, db.db_session()
    events, total = audit.about(s, subject.id, page, hidden=privacy.hidden_events(s, acting))
    pages = max(1, -(-total // audit.PAGE_SIZE))
    if page > pages:
        abort(404)
    # Someone known only by a fullmakt has no name of their own here: the name the person gave them.
    given = fullmakter_given_by(s, subject.id)
    typed_names = {r.holder_id: r.holder_name for r in given if r.holder_name}
    return render_template(
        "representation/access-log.html",
        events=events,
        page=page,
        pages=pages,
        subject=subject,
        typed_names=typed_names,
        # To whom a fullmakt was given or taken back: the name the person gave them, or their own.
        holder_names={r.holder_id: r.holder_called for r in given if r.holder_called},
    )
