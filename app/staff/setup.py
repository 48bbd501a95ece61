"""Setting up the staff side in the app: its provider, its staff member on g, its blueprints."""

from __future__ import annotations

from flask import Flask, g, request, session

from app.sessions import STAFF, realm_of
from app.staff import (
    auth_views,
    caseload,
    current,
    desk,
    failed_notices,
    home,
    idp,
    meeting_moves,
    meetings,
    messages,
    navigation,
    plan_editor,
    plans,
    proposals,
    revisions,
    roles,
    visits,
)


def init_app(app: Flask) -> None:
    idp.init_app(app)
    app.before_request(_load_staff)
    app.context_processor(lambda: {**current.template_values(), "staff_side": _on_staff_side()})
    app.jinja_env.globals["staff_navigation"] = navigation.staff_navigation
    app.jinja_env.globals["staff_role_name"] = navigation.staff_role_name
    for blueprint in (
        auth_views.bp,
        home.bp,
        roles.bp,
        caseload.bp,
        plans.bp,
        desk.bp,
        failed_notices.bp,
        visits.bp,
        proposals.bp,
        meetings.bp,
        meeting_moves.bp,
        revisions.bp,
        plan_editor.bp,
        messages.bp,
    ):
        app.register_blueprint(blueprint)


def _on_staff_side() -> bool:
    return realm_of(request.path) == STAFF


def _load_staff() -> None:
    g.staff_actor = None
    if request.endpoint == "static" or not _on_staff_side():
        return
    current.load_staff()
    if session.get("idp_origin"):
        g.form_action_origins = [session["idp_origin"]]
