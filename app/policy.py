"""Who may do what, for whom: the one place a view asks.

Every view declares what it needs with a decorator from this module (`public`, `login_required`,
`requires`), including a fresh login where the action needs one. A test walks the URL map and
fails when a route declares nothing, when a route that changes something declares only a read,
and when a view module decides access by itself. The rules behind the answers are the domain's
(app/domain/rules.py, app/domain/capabilities.py); this module turns them into answers to a request.

Someone else's object, an object hidden from the actor and an id that does not exist are all
answered 404, the same page with the same status: a 403 would confirm that the object exists,
and a parent of a 12–15-year-old must not learn from the answer that a goal is kept from them.
A route the actor may not use at all (a capability they lack) is 403: that names no object.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from flask import Response, abort, current_app, request, url_for

from app import assurance_levels
from app.api import auth as api_auth
from app.auth import current, fresh_form, step_up
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.services import consents
from app.staff import current as staff_current

POLICY_ATTRIBUTE = "_minplan_policy"
log = logging.getLogger("minplan.policy")
T = TypeVar("T")


@dataclass(frozen=True)
class FreshLogin:
    """A login at least `acr` and at most `max_age` seconds old when the page is asked for. A form
    shown under that login may be sent up to `typing_time` seconds later: nobody is sent to log in
    again for having taken their time to type. The form proves it was shown so with its stamp
    (app/auth/fresh_form.py: `login_stamp()` in the template)."""

    acr: str
    max_age: int
    typing_time: int = 0

    def satisfied(self) -> bool:
        if current.login_is_fresh(self.acr, self.max_age):
            return True
        return (
            self.typing_time > 0
            and current.login_is_fresh(self.acr, self.max_age + self.typing_time)
            and fresh_form.stamped_under_this_login()
        )

    def stamp(self, action: str) -> str:
        """For the template of a form sent to `action`: `login_stamp(url_for(…))`."""
        return fresh_form.stamp(self.acr, self.max_age, action)


# Giving and revoking a fullmakt, giving or widening a consent: level high, proved in the last
# quarter of an hour. Withdrawing and narrowing never ask: they must never be harder than giving.
FRESH_HIGH = FreshLogin(assurance_levels.HIGH, 15 * 60)
FRESH_HIGH_TYPED = FreshLogin(assurance_levels.HIGH, 15 * 60, typing_time=15 * 60)


@dataclass(frozen=True)
class Declaration:
    capability: Capability
    fresh_login: FreshLogin | None = None
    # Whether a form sent here after the session ended may be kept and sent again after the next
    # login (app/auth/kept_form.py). Never for one that gives someone access or shares information:
    # that is done on its own page, seen, under a fresh login; nothing typed there is long.
    resent_after_login: bool = True


def _declare(
    view: Callable, capability: Capability, fresh_login: FreshLogin | None = None, resent_after_login: bool = True
) -> Callable:
    setattr(view, POLICY_ATTRIBUTE, Declaration(capability, fresh_login, resent_after_login and fresh_login is None))
    return view


def public(view: Callable) -> Callable:
    """Open to everyone: the page shows no personal data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.PUBLIC)


def login_required(view: Callable) -> Callable:
    """Only for a logged-in person, about themselves; anyone else is sent to log in and brought back here."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current.is_logged_in():
            return step_up.redirect_to_login()
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.AUTHENTICATED)


def requires(
    capability: Capability,
    fresh_login: FreshLogin | None = None,
    keep_form: Callable[[], None] | None = None,
    resent_after_login: bool = True,
) -> Callable[[Callable], Callable]:
    """For a logged-in actor who may do `capability` for the person they act for now, and, with
    `fresh_login`, has logged in recently enough; `keep_form` keeps what was typed while they log in
    again. A form that needs a fresh login, or says `resent_after_login=False` (one that may need
    one), is never sent again after a new login: see Declaration."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current.is_logged_in():
                return step_up.redirect_to_login()
            if not may(capability):
                log.warning(
                    "capability refused",
                    extra={"event": "policy.refused", "capability": str(capability), "basis": actor().basis},
                )
                abort(403)
            if fresh_login is not None and (to_login := insist_on_fresh_login(fresh_login, keep_form)) is not None:
                return to_login
            return view(*args, **kwargs)

        return _declare(wrapper, capability, fresh_login, resent_after_login)

    return decorator


def staff_requires(capability: Capability) -> Callable[[Callable], Callable]:
    """For a staff member logged in on the staff side whose roles give `capability`
    (app/domain/staff_access.py); anyone else is sent to the staff login. A citizen's session is
    never read on the staff side (app/sessions.py), so a citizen is simply not logged in here.
    Which case or plan they may open is the loaders' answer (app/services/staff_reads.py): 404."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            staff = staff_current.staff_actor()
            if staff is None:
                return _to_staff_login()
            if not staff.can(capability):
                log.warning(
                    "capability refused",
                    extra={
                        "event": "policy.refused",
                        "capability": str(capability),
                        "staff_member_id": staff.member.id,
                    },
                )
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapper, capability)

    return decorator


def system_requires(capability: Capability) -> Callable[[Callable], Callable]:
    """For a municipality's own system with a Maskinporten access token whose scope gives
    `capability` (app/api/auth.py); anything else is answered 401 or 403 with an OperationOutcome.
    Which person's data it may touch is the API loaders' answer: its municipality's people only."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            refusal = api_auth.authorize(capability)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        return _declare(wrapper, capability)

    return decorator


def operator_token_required(view: Callable) -> Callable:
    """For the operators' scraper, with the bearer token METRICS_TOKEN names (compared in constant
    time); with no token set the route does not exist (404), with a wrong one 401."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        token = current_app.config.get("METRICS_TOKEN", "")
        if not token:
            abort(404)
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            log.info("operator token refused", extra={"event": "metrics.refused"})
            return Response("", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'})
        return view(*args, **kwargs)

    return _declare(wrapper, Capability.METRICS_READ)


def _to_staff_login() -> Response:
    """To the staff login, and back to this staff page afterwards (app/staff/login.py checks `next`)."""
    here = request.full_path.rstrip("?") if request.method == "GET" else request.form.get("next")
    log.info("staff login required", extra={"event": "staff.login_required"})
    return step_up.redirect_away(url_for("staff_auth.login_start", next=here))


def declared(view: Callable) -> Declaration | None:
    return getattr(view, POLICY_ATTRIBUTE, None)


def declared_capability(view: Callable) -> Capability | None:
    declaration = declared(view)
    return declaration.capability if declaration else None


def may(capability: Capability) -> bool:
    """Whether the actor of this request may do `capability` for the person they act for now:
    what a page asks before it offers a button."""
    acting = actor()
    return acting is not None and acting.can(capability)


def insist_on_fresh_login(requirement: FreshLogin, keep_form: Callable[[], None] | None = None) -> Response | None:
    """None when the login is fresh enough; else what was typed is kept and the answer is the way to log in again."""
    if requirement.satisfied():
        return None
    if keep_form is not None:
        keep_form()
    return step_up.require_fresh_login(requirement.acr, requirement.max_age)


def fresh_login_to_share(
    before: consents.Terms | None, after: consents.Terms, keep_form: Callable[[], None]
) -> Response | None:
    """Giving or widening a consent to share needs a fresh login; a clear narrowing does not."""
    if not consents.widens(before, after):
        return None
    return insist_on_fresh_login(FRESH_HIGH_TYPED, keep_form)


def found_or_404(found: T | None, refused: str | None = None) -> T:
    """What a loader that takes the actor found; None (someone else's, hidden, or no such thing) is 404.
    With `refused` (what was asked for, e.g. "case"), the refusal is logged: on the staff side a
    forged or foreign id is worth a line."""
    if found is None:
        if refused is not None:
            log.warning("object refused", extra={"event": "policy.object_refused", "object_type": refused})
        abort(404)
    return found
