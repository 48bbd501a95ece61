"""Login with ID-porten: the relying party, sessions tied to a login, both kinds of logout."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    from app.auth import client, current
    from app.auth.refusals import LoginRefused, render_refusal

    client.init_app(app)
    app.before_request(current.load_person)
    from app.actor import load_actor, template_values

    app.before_request(load_actor)  # after the person: who they act for, judged today
    app.register_error_handler(LoginRefused, render_refusal)
    app.context_processor(lambda: {"current_person": current.person(), **template_values()})


from app.auth import views  # noqa: E402,F401  (registers the routes on bp)
