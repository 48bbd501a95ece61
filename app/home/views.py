"""The home pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import render_template

from app import content, easyread
from app.home import bp
from app.info.views import TOPICS
from app.policy import public
from app.templating import current_locale


@bp.get("/")
@public
def index():
    locale, easy = current_locale(), easyread.is_on()
    intro = content.load_text("forside", locale, easy)
    topics = [t for slug in TOPICS if (t := content.load_text(slug, locale, easy)) is not None]
    return render_template("home/index.html", intro=intro, topics=topics)
