"""The calendar feed pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

from flask import Response, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import db
from app.auth.actor import actor
from app.calendar_feed import bp
from app.domain.capabilities import Capability
from app.policy import found_or_404, public, requires
from app.schemas.base import load_form
from app.schemas.calendar_feed import CalendarFeedSchema
from app.services import calendar_feeds

# A new link is shown once, on the page the renewal leads to. Its token travels there in a signed
# cookie of that page's own that lives minutes, never in the session row: the database keeps only
# the token's hash. The cookie names its person, so whoever logs in next on the browser sees nothing.
NEW_TOKEN_COOKIE = "minplan_new_calendar_link"
NEW_TOKEN_MAX_AGE_SECONDS = 5 * 60


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="calendar-feed-new-token")


def _new_token() -> str | None:
    try:
        person_id, token = _signer().loads(request.cookies.get(NEW_TOKEN_COOKIE, ""), max_age=NEW_TOKEN_MAX_AGE_SECONDS)
    except (BadSignature, ValueError, TypeError):
        return None
    return token if person_id == actor().person.id else None


def _cookie_options() -> dict:
    return {
        "path": url_for("calendar_feed.settings"),
        "secure": current_app.config["SESSION_COOKIE_SECURE"],
        "httponly": True,
        "samesite": "Lax",
    }


def _render(status: int = 200, **form_state):
    feed = calendar_feeds.feed_of(db.db_session(), actor().person.id)
    token = _new_token() if status == 200 else None
    feed_url = url_for("calendar_feed.feed", token=token, _external=True) if token else None
    response = make_response(
        render_template(
            "calendar_feed/settings.html",
            feed=feed,
            feed_url=feed_url,
            feed_version=calendar_feeds.version_of(feed),
            **form_state,
        ),
        status,
    )
    if NEW_TOKEN_COOKIE in request.cookies:
        response.delete_cookie(NEW_TOKEN_COOKIE, **{k: v for k, v in _cookie_options().items() if k != "httponly"})
    return response


@bp.get("/plan/kalender")
@requires(Capability.CALENDAR_MANAGE)
def settings():
    return _render()


@bp.post("/plan/kalender")
@requires(Capability.CALENDAR_MANAGE)
def renew():
    loaded = load_form(CalendarFeedSchema(), request.form)
    data, chosen = loaded.data, loaded.typed["include"]
    if not loaded.ok:
        return _render(422, errors=loaded.errors, chosen=chosen)
    try:
        token = calendar_feeds.renew(
            db.db_session(),
            actor().person.id,
            "measures" in data["include"],
            "meetings" in data["include"],
            data["feed"],
        )
    except calendar_feeds.ChangedMeanwhile:
        return _render(409, chosen=chosen, changed_meanwhile=True)
    response = redirect(url_for("calendar_feed.settings"), code=303)
    response.set_cookie(
        NEW_TOKEN_COOKIE,
        _signer().dumps([actor().person.id, token]),
        max_age=NEW_TOKEN_MAX_AGE_SECONDS,
        **_cookie_options(),
    )
    return response


@bp.post("/plan/kalender/stopp")
@requires(Capability.CALENDAR_MANAGE)
def stop():
    calendar_feeds.stop(db.db_session(), actor().person.id)
    return redirect(url_for("calendar_feed.settings"), code=303)


@bp.get("/kalender/<string:token>.ics")
@public  # a phone's calendar cannot log in: the long token is the key, and only its owner's plan is in it
def feed(token: str):
    s = db.db_session()
    found = found_or_404(calendar_feeds.by_token(s, token))
    with force_locale(found.owner.locale or "nb"):
        words = calendar_feeds.FeedWords(
            calendar=_("Min plan"), meeting=_("Koordineringsmøte"), invited=_("Invitert: %(names)s")
        )
        text = calendar_feeds.calendar_text(s, found, words)
    return Response(text, mimetype="text/calendar", headers={"Content-Disposition": 'inline; filename="min-plan.ics"'})
