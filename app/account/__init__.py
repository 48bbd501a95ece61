"""Min side: the first page after login, about the logged-in person only."""
from __future__ import annotations

from flask import Blueprint, render_template

from app.auth import current
from app.policy import login_required

bp = Blueprint("account", __name__)


@bp.get("/min-side")
@login_required
def my_page():
    return render_template("account/my-page.html", person=current.person())
