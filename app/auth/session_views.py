"""Going on when the session is about to end, and sending again a form kept across a new login
(app/auth/kept_form.py). Routes on the auth blueprint; imported by app/auth/views.py."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for

from app.auth import current, kept_form, realm_views
from app.auth.actor import ACTING_FOR_KEY
from app.auth.views import bp
from app.policy import login_required
from app.urls import safe_next


@bp.post("/okt/fortsett")
@login_required
def extend_session():
    """ "Go on" in the warning before the session ends (app/auth/realm_views.py)."""
    return realm_views.extended(safe_next(request.form.get("next"), default=url_for("account.my_page")))


@bp.get("/skjema/send-igjen")
@login_required
def send_kept_form():
    kept = kept_form.take(current.person().id, session.get(ACTING_FOR_KEY))
    if kept is None:
        return redirect(url_for("account.my_page"), code=303)
    return render_template("auth/kept-form.html", kept=kept)
