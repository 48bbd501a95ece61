"""Login with ID-porten: the relying party, sessions tied to a login, both kinds of logout, and
the actor of each request. The routes are in app/auth/views.py."""

from __future__ import annotations

from flask import Flask

from app.auth import client, current, kept_form
from app.auth.actor import load_actor
from app.auth.refusals import LoginRefused, render_refusal


def init_app(app: Flask) -> None:
    client.init_app(app)
    app.before_request(current.load_person)
    app.before_request(kept_form.sent)
    app.before_request(load_actor)  # after the person: who they act for, judged today
    app.register_error_handler(LoginRefused, render_refusal)
