"""The info pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import refresh

from app import content, db, easyread
from app.info import bp
from app.policy import public
from app.services.municipalities import find_municipality, list_municipalities
from app.templating import current_locale

# The order a reader meets the topics in.
TOPICS = [
    "hva-er-individuell-plan",
    "koordinator",
    "koordinerende-enhet",
    "hva-planen-inneholder",
    "dine-rettigheter",
    "samtykke-og-taushetsplikt",
    "be-om-plan",
    "klage",
]


def _topic_texts() -> list[content.Text]:
    locale, easy = current_locale(), easyread.is_on()
    return [t for slug in TOPICS if (t := content.load_text(slug, locale, easy)) is not None]


@bp.get("/om-individuell-plan")
@public
def topics():
    intro = content.load_text("om-individuell-plan", current_locale(), easyread.is_on())
    return render_template("info/topics.html", intro=intro, topics=_topic_texts())


@bp.get("/om-individuell-plan/<string:slug>")
@public
def topic(slug: str):
    if slug not in TOPICS:
        abort(404)
    text = content.load_text(slug, current_locale(), easyread.is_on())
    if text is None:
        abort(404)
    position = TOPICS.index(slug)
    neighbours = {
        "previous": content.load_text(TOPICS[position - 1], current_locale(), easyread.is_on()) if position else None,
        "next": content.load_text(TOPICS[position + 1], current_locale(), easyread.is_on())
        if position + 1 < len(TOPICS)
        else None,
    }
    return render_template("info/topic.html", text=text, **neighbours)


@bp.get("/ordliste")
@public
def glossary():
    locale = content.glossary_locale(current_locale())
    entries = sorted(content.glossary(locale).values(), key=lambda e: e.term.casefold())
    intro = content.load_text("ordliste", current_locale(), easyread.is_on())
    return render_template("info/glossary.html", entries=entries, glossary_locale=locale, intro=intro)


@bp.get("/kontakt")
@public
def contacts():
    return render_template("info/contacts.html", municipalities=list_municipalities(db.db_session()))


@bp.get("/kontakt/<string:slug>")
@public
def contact(slug: str):
    municipality = find_municipality(db.db_session(), slug)
    if municipality is None:
        abort(404)
    g.page_default_locale = municipality.written_locale
    refresh()  # the page's own language may change the choice made before the view ran
    return render_template("info/contact.html", municipality=municipality)


@bp.get("/tilgjengelighet")
@public
def accessibility():
    return _service_page("tilgjengelighet")


@bp.get("/personvern")
@public
def privacy():
    return _service_page("personvern")


def _service_page(slug: str):
    text = content.load_text(slug, current_locale(), easyread.is_on())
    if text is None:
        abort(404)
    return render_template("info/service-page.html", text=text)
