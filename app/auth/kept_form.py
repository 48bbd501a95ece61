"""No lost words: a form sent after the session ended is kept across the new login and sent again.

A form posted to a logged-in page after the session ran out is refused for its CSRF token (the
token lived in the session). If that form was written in the session that has just ended in this
browser (its CSRF token is the one that session held), what was typed is kept in the new,
not-logged-in session (a row in the database, named only by the signed cookie; never in a URL or
a log), together with whose it was and whom they acted for, and the person is sent to log in.

The login keeps it only for the same person (`app/auth/current.py`): if someone else logs in, the
words are thrown away unseen. Back in, the person lands on a page that sends the form again, to
the same address, with a new token, so the view, the policy, validation and audit treat it as any
other form: saved, or shown with the words and what to fix, or the page that shows both versions
when someone changed the object meanwhile. Where sending again cannot be safe (they now act for
someone else), the words are shown to copy instead.

When nothing proves that the form came from this browser's ended session (another tab found the
session ended first, the cookie is gone), nothing is kept: the refusal page shows the words back
to copy, in the answer to the very request that carried them, with a way back to the form.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, g, request, session, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from app import policy  # the module, not its names: policy imports the login, which imports this
from app.auth.step_up import redirect_away
from app.domain.capabilities import Capability
from app.urls import safe_next

log = logging.getLogger("minplan.kept_form")

SESSION_KEY = "kept_form"
# Typed text kept at most this long: a login takes minutes, not hours.
MAX_AGE_SECONDS = 30 * 60
# What may be kept, counted in characters over all the fields (the forms' longest field holds
# 5000); a larger form is shown back to copy instead of being stored.
MAX_CHARACTERS = 20_000
MAX_FIELDS = 60
# Fields that carry no words of the person's: never shown back (they are still sent again).
TECHNICAL_FIELDS = {"csrf_token", "form_token", "next", "version", "expected", "login_stamp"}
# A value that is a code (a choice's value such as "on", "read" or "some", a one- or two-digit
# choice), not words. A number or a date she typed (an identity number, "24.12.2027") is hers to
# copy back, the hardest thing to find again.
CODE = re.compile(r"[a-z_][a-z0-9_.:-]{0,15}|[0-9]{1,2}")


@dataclass(frozen=True)
class ShownBack:
    """What the refusal or resume page shows to copy, and where the form was."""

    texts: list[str]
    back: str


def _fields() -> list[list[str]]:
    return [[name, value] for name, value in request.form.items(multi=True) if name != "csrf_token"]


def _characters(fields: list[list[str]]) -> int:
    return sum(len(name) + len(value) for name, value in fields)


def words_of(fields: list[list[str]]) -> list[str]:
    """The values a person wrote or would recognise, in the form's order; codes and tokens left out."""
    return [
        value.strip()
        for name, value in fields
        if name not in TECHNICAL_FIELDS and value.strip() and not CODE.fullmatch(value.strip())
    ]


def _declaration() -> policy.Declaration | None:
    view = current_app.view_functions.get(request.endpoint or "")
    return policy.declared(view) if view else None


def _logged_in_only(declaration: policy.Declaration | None) -> bool:
    return declaration is not None and declaration.capability != Capability.PUBLIC


def _way_back() -> str:
    """The page the form was on: the same-origin Referer when there is one, else the address it
    was sent to (most forms are sent to their own page)."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            return safe_next(path, default=request.path)
    return safe_next(request.path)


def _token_of_ended_session(sent: str | None, held: str | None) -> bool:
    """Whether the CSRF token sent with the form was minted from the raw token the ended session
    held: only a page of that session could have carried it."""
    if not sent or not held:
        return False
    serializer = URLSafeTimedSerializer(current_app.secret_key, salt="wtf-csrf-token")
    try:
        raw = serializer.loads(sent)
    except BadData:
        return False
    return isinstance(raw, str) and hmac.compare_digest(raw, held)


def keep_refused_form() -> Response | None:
    """Called when a form is refused for its CSRF token: keep it and send the person to log in,
    or leave the words on `g` for the refusal page to show back; None means show that page."""
    if request.method != "POST":
        return None
    back = g.form_page = _way_back()
    fields = _fields()
    declaration = _declaration()
    if not fields or not _logged_in_only(declaration):
        return None
    g.kept_words = ShownBack(words_of(fields), back)
    if not declaration.resent_after_login:
        # Anyone at the browser once the session ended could have written it (the ended session's
        # token is in the open page): access is given and information shared only on the form itself.
        log.info("refused form shown back", extra={"event": "kept_form.shown_back", "reason": "grants_access"})
        return None
    if not g.kept_words.texts:
        # Only choices, no words of hers: the page that sends it again could show her nothing of
        # what it would send in her name, and choices are quickly made again on the form itself.
        log.info("refused form shown back", extra={"event": "kept_form.shown_back", "reason": "no_words"})
        return None
    ended = getattr(session, "ended_login", None)
    sent_token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    if ended is None or ended.person_id is None or not _token_of_ended_session(sent_token, ended.csrf_token):
        log.info("refused form shown back", extra={"event": "kept_form.shown_back", "reason": "not_this_session"})
        return None
    if len(fields) > MAX_FIELDS or _characters(fields) > MAX_CHARACTERS:
        log.info("refused form shown back", extra={"event": "kept_form.shown_back", "reason": "too_large"})
        return None
    session[SESSION_KEY] = {
        "person_id": ended.person_id,
        "acting_for": ended.acting_for,
        "action": safe_next(request.full_path.rstrip("?")),
        "back": back,
        "fields": fields,
        "kept_at": time.time(),
    }
    log.info("form kept across login", extra={"event": "kept_form.kept", "fields": len(fields)})
    return redirect_away(url_for("auth.login", next=url_for("auth.send_kept_form")))


def kept_for_login(person_id: int) -> dict | None:
    """At login: the kept form if it belongs to the person logging in; anyone else's is dropped."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return None
    if kept.get("person_id") != person_id:
        log.info("kept form discarded", extra={"event": "kept_form.discarded", "reason": "another_person"})
        return None
    return kept


@dataclass(frozen=True)
class KeptForm:
    action: str
    fields: list[list[str]]
    shown: ShownBack
    # False when sending it again cannot be safe: shown to copy only.
    may_send: bool


def take(person_id: int, acting_for: int | None) -> KeptForm | None:
    """The kept form for the person now logged in. It stays in the session until it is sent to its
    address (`sent`), however often the page is shown, reloaded or left for the form and come back
    to (it waits for her press), and is dropped when it is too old or someone else's."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("person_id") != person_id:
        session.pop(SESSION_KEY, None)
        return None
    kept_at = kept.get("kept_at")
    if not isinstance(kept_at, (int, float)) or time.time() - kept_at > MAX_AGE_SECONDS:
        session.pop(SESSION_KEY, None)
        log.info("kept form discarded", extra={"event": "kept_form.discarded", "reason": "too_old"})
        return None
    fields = [
        [name, value] for name, value in (kept.get("fields") or []) if isinstance(name, str) and isinstance(value, str)
    ]
    back = safe_next(kept.get("back"))
    action = safe_next(kept.get("action"), default="")
    may_send = bool(action) and kept.get("acting_for") == acting_for
    if not may_send:
        log.info("kept form shown back", extra={"event": "kept_form.shown_back", "reason": "acting_for_changed"})
    return KeptForm(action, fields, ShownBack(words_of(fields), back), may_send)


def sent() -> None:
    """Before a request: a form posted to the kept form's address is that form sent (from the page
    that holds it, or from the form itself): the kept copy is done with."""
    if request.method != "POST" or SESSION_KEY not in session:
        return
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("action") == safe_next(request.full_path.rstrip("?")):
        session.pop(SESSION_KEY, None)
