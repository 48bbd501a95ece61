"""Where every page stands: its parent and its name, in one table; the breadcrumb, the way back and
the main navigation's "you are here" are all read from it.

A new page gets its place by one line in PLACES (a test walks the URL map and fails for a page
without one). The label is the name the page goes by when another page points to it: the same
words as its heading and as the link on Min side, so the service speaks one vocabulary. A page's
own heading stays its own (it may name the person acted for); the label is what the trail, the
way back and the menu say.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from app.auth import current
from app.auth.actor import actor
from app.domain.capabilities import Capability
from app.policy import declared_capability

HOME = "home.index"


@dataclass(frozen=True)
class Place:
    """A page's parent (None for the front page only) and, for a page others lead to, its name;
    `back_to` is the place on the parent the way back returns to, from this page's arguments."""

    parent: str | None
    label: LazyString | None = None
    back_to: str | None = None


PLACES: dict[str, Place] = {
    HOME: Place(None, _l("Forside")),
    # Reading about individuell plan
    "info.topics": Place(HOME, _l("Om individuell plan")),
    "info.topic": Place("info.topics"),
    "info.glossary": Place(HOME, _l("Ordliste")),
    "info.contacts": Place(HOME, _l("Kontakt kommunen")),
    "info.contact": Place("info.contacts"),
    "info.accessibility": Place(HOME, _l("Tilgjengelighetserklæring")),
    "info.privacy": Place(HOME, _l("Personvern")),
    # Development only: what the e-mail and SMS stand-ins received
    "devpost.mailbox": Place(HOME),
    # Logging in and out (the callback shows a page when a login cannot go on)
    "auth.callback": Place(HOME),
    "auth.logged_out": Place(HOME),
    "auth.send_kept_form": Place("account.my_page"),
    # Min side and what hangs from it
    "account.my_page": Place(HOME, _l("Min side")),
    "account.plan_request": Place("account.my_page", _l("Be om individuell plan")),
    "account.plan_request_review": Place("account.plan_request"),
    "account.plan_request_sent": Place("account.plan_request"),
    "account.cases": Place("account.my_page", _l("Saker hos kommunen")),
    "account.case": Place("account.cases"),
    "account.complaint": Place("account.cases", _l("Klage")),
    "account.complaint_review": Place("account.complaint"),
    "account.complaint_sent": Place("account.complaint"),
    "representation.choose": Place("account.my_page"),
    "representation.access_log": Place("account.my_page", _l("Hvem har sett og endret")),
    "representation.power_of_attorney_list": Place("account.my_page", _l("Fullmakter")),
    "representation.power_of_attorney_new": Place("representation.power_of_attorney_list"),
    # The plan
    "plan.show": Place("account.my_page", _l("Planen")),
    "plan.print_view": Place("plan.show"),
    "plan.goal": Place("plan.show", _l("Målet"), back_to="goal-{goal_id}"),
    "plan.edit_goal": Place("plan.goal"),
    "plan.topic_form": Place("plan.show", back_to="meeting-heading"),
    "plan.history": Place("plan.show", _l("Historikk")),
    "plan.version": Place("plan.show", _l("Versjon"), back_to="revision-heading"),
    # The week
    "week.show": Place("account.my_page", _l("Denne uka")),
    "messages.conversation": Place("account.my_page", _l("Meldinger")),
    "calendar_feed.settings": Place("week.show"),
    "preferences.notice_settings": Place("account.my_page", _l("Varsler på e-post og SMS")),
    "account.data_copy": Place("account.my_page", _l("Last ned dataene dine")),
    "account.data_copy_print": Place("account.data_copy"),
    # Consent
    "consent.overview": Place("account.my_page", _l("Samtykke")),
    "consent.history": Place("consent.overview"),
    "consent.receipt": Place("consent.overview"),
    "consent.plan_consent": Place("consent.overview", _l("Samtykke til individuell plan")),
    "consent.plan_consent_withdraw_confirm": Place("consent.plan_consent"),
    "consent.give": Place("consent.overview"),
    "consent.change": Place("consent.overview"),
    "consent.withdraw_confirm": Place("consent.overview"),
    # "Hva er viktig for deg?"
    "wizard.start": Place("account.my_page", _l("Hva er viktig for deg?")),
    "wizard.important": Place("wizard.start"),
    "wizard.areas": Place("wizard.start"),
    "wizard.goal": Place("wizard.start"),
    "wizard.area_help": Place("wizard.start"),
    "wizard.participants": Place("wizard.start"),
    "wizard.check": Place("wizard.start"),
    "wizard.sent": Place("wizard.start"),
}

# The main navigation: for a visitor, the information; for someone logged in, the areas they come
# for. Each shows only to an actor whose route declaration lets them in; the plan's areas only
# where there is a plan. The rest hangs from Min side; the information folds into the menu.
VISITOR_AREAS = (HOME, "info.topics", "info.glossary", "info.contacts")
LOGGED_IN_AREAS = ("account.my_page", "plan.show", "week.show", "messages.conversation", "consent.overview")
NEEDS_A_PLAN = {"plan.show", "week.show", "messages.conversation", "consent.overview"}
MENU_LINKS = ("info.topics", "info.glossary", "info.contacts")


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: str | None = None  # aria-current: "page" on the page itself, "true" on its area


def _arguments(endpoint: str) -> set[str]:
    return {name for rule in current_app.url_map.iter_rules(endpoint) for name in rule.arguments}


def _here() -> tuple[str, dict] | None:
    """This page's endpoint and arguments; a form sent to a page's own address (a POST answered
    with the page again, its errors shown) stands where the page stands."""
    endpoint = request.endpoint
    if endpoint in PLACES:
        return endpoint, dict(request.view_args or {})
    if endpoint is None or request.method == "GET":
        return None
    try:
        endpoint, arguments = current_app.create_url_adapter(request).match(request.path, method="GET")
    except HTTPException:
        return None
    return (endpoint, arguments) if endpoint in PLACES else None


def _chain() -> list[str]:
    """This page and its ancestors, nearest first; empty where the page has no place."""
    here = _here()
    chain, endpoint = [], here[0] if here else None
    while endpoint is not None:
        chain.append(endpoint)
        endpoint = PLACES[endpoint].parent
    return chain


def _url(endpoint: str, arguments: dict, anchor: str | None = None) -> str:
    wanted = _arguments(endpoint)
    values = {name: value for name, value in arguments.items() if name in wanted}
    return url_for(endpoint, **values, _anchor=anchor.format(**arguments) if anchor else None)


def trail() -> list[Link]:
    """The pages above this one, from the front page down to its parent: the breadcrumb without
    its last item (the page itself, named by its own heading). Empty on the front page."""
    here = _here()
    if here is None:
        return []
    endpoint, arguments = here
    ancestors = _chain()[1:]
    back_to = PLACES[endpoint].back_to
    return [
        Link(str(PLACES[e].label), _url(e, arguments, back_to if e == ancestors[0] else None))
        for e in reversed(ancestors)
    ]


def _links(endpoints, chain: list[str]) -> list[Link]:
    """Links to `endpoints`; the nearest one on the way up from this page is marked current."""
    nearest = next((e for e in chain if e in endpoints), None)
    return [
        Link(
            str(PLACES[e].label),
            url_for(e),
            None if e != nearest else "page" if e == chain[0] else "true",
        )
        for e in endpoints
    ]


def _open_to_actor(endpoint: str) -> bool:
    acting = actor()
    if acting is None:
        return False
    if endpoint in NEEDS_A_PLAN and not acting.subject.has_plan:
        return False
    capability = declared_capability(current_app.view_functions[endpoint])
    return capability in (Capability.PUBLIC, Capability.AUTHENTICATED) or acting.can(capability)


def main_navigation() -> list[Link]:
    if current.person() is None:
        return _links(VISITOR_AREAS, _chain())
    return _links([e for e in LOGGED_IN_AREAS if _open_to_actor(e)], _chain())


def menu_links() -> list[Link]:
    """The information, folded into the menu for someone logged in (a visitor has it in the main navigation)."""
    return [] if current.person() is None else _links(MENU_LINKS, _chain())
