"""What every template can use, registered here and nowhere else: the current language, the
vocabulary's words and pictograms, dates and times, glossary rendering."""

from __future__ import annotations

from urllib.parse import quote

from babel.dates import get_time_format
from flask import Flask, g, request, url_for
from flask_babel import format_date, format_time, get_locale, get_timezone, get_translations
from flask_babel import gettext as _
from jinja2.ext import _make_new_gettext, _make_new_ngettext, _make_new_npgettext, _make_new_pgettext
from markupsafe import Markup

from app import content, easyread, htmx, policy, security, wayfinding
from app.assets import asset
from app.auth import current
from app.auth.actor import template_values as actor_template_values
from app.consent import words as consent_words
from app.domain import vocabulary
from app.i18n import KNOWN_LOCALES
from app.pictograms import PICTOGRAMS
from app.plan.words import plan_words
from app.reading import for_reader, person_name, sentence_lines
from app.schemas.fields import TEXT_LIMITS, character_count, without_hidden
from app.sessions import session_time_left
from app.urls import safe_next
from app.week.words import week_words


def current_locale() -> str:
    return str(get_locale() or "nb")


def _current_path() -> str:
    """This page's address for `next` fields: re-encoded, so odd bytes in a URL stay inert."""
    path = quote(request.path, safe="/-_.~")
    query = request.query_string.decode("ascii", "replace")
    return safe_next(f"{path}?{quote(query, safe='=&%+')}" if query else path)


def _gettext_for_this_page() -> dict:
    """The page's catalogue, looked up once for the page instead of once a text: Flask-Babel's
    callables find it anew for each of the hundred or so texts on a page, through several of
    Flask's context-local objects each time, which cost more than the rest of the translating.
    The same catalogue Flask-Babel would give at this moment (force_locale included), made into
    the callables Jinja's i18n extension makes of Flask-Babel's: the same escaping and formatting."""
    translations = get_translations()
    return {
        "gettext": _make_new_gettext(translations.ugettext),
        "ngettext": _make_new_ngettext(translations.ungettext),
        "pgettext": _make_new_pgettext(translations.upgettext),
        "npgettext": _make_new_npgettext(translations.unpgettext),
    }


def _globals() -> dict:
    locale = current_locale()
    return {
        **_gettext_for_this_page(),
        "current_locale": locale,
        "known_locales": KNOWN_LOCALES,
        "current_path": _current_path(),
        "easy_read": easyread.is_on(),
        "htmx_partial": htmx.wants_fragment(),
        "current_person": current.person(),
        **actor_template_values(),
    }


def pictogram_url(name: str) -> str:
    if name not in PICTOGRAMS:
        raise KeyError(f"unknown pictogram {name!r}")
    return asset(f"vendor/pictograms/{name}.svg")


def term_words(key: str) -> str:
    """A vocabulary term's words in the reader's language and mode.

    Translated once per request and term: a plan with a hundred goals names their areas a
    hundred times, and gettext for each made the page slow."""
    easy_read = easyread.is_on()
    cached = g.setdefault("term_words", {})
    if (key, easy_read) not in cached:
        cached[key, easy_read] = vocabulary.term(key).words(easy_read)
    return cached[key, easy_read]


def term_pictogram(key: str) -> str:
    return vocabulary.term(key).pictogram


def markdown_filter(markdown: str, locale: str, easy_read: bool = False):
    return content.render_markdown(markdown, locale, easy_read, url_for("info.glossary"))


def format_clock(value) -> str:
    """A time of day the way the reader's language writes it (09:00, 9:00 AM)."""
    return format_time(value, "short", rebase=False) if value else ""


def format_day(value) -> str:
    """A date the way the reader's language writes it in full: 3. mars 2026, 3 March 2026."""
    return format_date(value, "long") if value else ""


def format_clock_of_day(value) -> str:
    """The Norwegian time of day of a moment stored in UTC.

    Babel's pattern for the reader's language is looked up once per request and language, not
    for each of the hundred visits a busy week shows."""
    if not value:
        return ""
    locale = get_locale()
    key = ("clock", str(locale))
    cached = g.get("time_patterns", {})
    if key not in cached:
        cached[key] = get_time_format("short", locale=locale)
        g.time_patterns = cached
    return cached[key].apply(value.astimezone(get_timezone()), locale)


def own_words(value) -> Markup:
    """A person's own words inside a sentence of ours ("Formål: …"), isolated (HTML's <bdi>) so that
    right-to-left text reads right to left without turning the sentence around it."""
    return Markup("<bdi>%s</bdi>") % (value or "")


def format_weekday(value) -> str:
    """ "mandag 23. november 2026", "Monday, November 23, 2026": the reader's language's full date."""
    return format_date(value, "full")


def init_app(app: Flask) -> None:
    vocabulary.use_translator(_)
    app.context_processor(_globals)
    app.jinja_env.globals.update(
        csp_nonce=security.csp_nonce,
        pictogram_url=pictogram_url,
        vocabulary=vocabulary,
        term_words=term_words,
        term_pictogram=term_pictogram,
        plan_words=plan_words,
        week_words=week_words,
        child_view_labels=consent_words.CHILD_VIEW_LABELS,
        areas_in_words=consent_words.areas_in_words,
        names_in_words=consent_words.names_in_words,
        for_reader=for_reader,
        person_name=person_name,
        sentence_lines=sentence_lines,
        trail=wayfinding.trail,
        main_navigation=wayfinding.main_navigation,
        menu_links=wayfinding.menu_links,
        text_limits=TEXT_LIMITS,
        character_count=character_count,
        session_time_left=session_time_left,
        login_stamp=policy.FRESH_HIGH_TYPED.stamp,
    )
    app.jinja_env.filters.update(
        markdown=markdown_filter,
        format_clock=format_clock,
        format_day=format_day,
        format_clock_of_day=format_clock_of_day,
        format_weekday=format_weekday,
        iso_day=consent_words.iso_day,
        own_words=own_words,
        sentence_lines=sentence_lines,
        # A name kept as it was then (an access-log row's staff name): shown without what could
        # disguise it, whatever the provider once sent (app/staff/login.py cleans it since).
        visible=without_hidden,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # The templates are a fixed set of files, so a plain dict holds them all. Jinja's default
    # LRU cache moves a template to the front on every lookup by a linear search of its queue,
    # and a plan of a hundred goals looks up its included templates hundreds of times a page.
    app.jinja_env.cache = {}
