"""What every template can use: the current language, pictograms, glossary rendering."""
from __future__ import annotations

from urllib.parse import quote

from babel.dates import get_time_format
from flask import Flask, g, request, url_for
from flask_babel import format_date, format_time, get_locale, get_timezone

from app import content
from app.i18n import KNOWN_LOCALES, SPEECH_LANG
from app.pictograms import pictogram_url
from app.urls import safe_next


def current_locale() -> str:
    return str(get_locale() or "nb")


def _current_path() -> str:
    """This page's address for `next` fields: re-encoded, so odd bytes in a URL stay inert."""
    path = quote(request.path, safe="/-_.~")
    query = request.query_string.decode("ascii", "replace")
    return safe_next(f"{path}?{quote(query, safe='=&%+')}" if query else path)


def _globals() -> dict:
    locale = current_locale()
    return {
        "current_locale": locale,
        "known_locales": KNOWN_LOCALES,
        "speech_lang": SPEECH_LANG.get(locale, "nb-NO"),
        "current_path": _current_path(),
    }


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
    for each of the hundred visits a busy week shows (DESIGN.md §6)."""
    if not value:
        return ""
    locale = get_locale()
    key = ("clock", str(locale))
    cached = g.get("time_patterns", {})
    if key not in cached:
        cached[key] = get_time_format("short", locale=locale)
        g.time_patterns = cached
    return cached[key].apply(value.astimezone(get_timezone()), locale)


def init_app(app: Flask) -> None:
    app.context_processor(_globals)
    app.jinja_env.globals["pictogram_url"] = pictogram_url
    app.jinja_env.filters["markdown"] = markdown_filter
    app.jinja_env.filters["format_clock"] = format_clock
    app.jinja_env.filters["format_day"] = format_day
    app.jinja_env.filters["format_clock_of_day"] = format_clock_of_day
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.policies["ext.i18n.trimmed"] = True
