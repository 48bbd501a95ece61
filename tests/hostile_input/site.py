"""What the attacks aim at, found by walking the site as a person would: every page a link leads
to and every form a page offers, with the values the form carries (its CSRF token, its version).

Starting from every page of the URL map that takes no arguments (or from one page: the staff's
home), links are followed two levels down (a goal, then changing its words; the desk, then a
case), so the pages with ids are found with real ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

# Pages that start or end a login (they leave for ID-porten or the staff provider, or end the
# session), and files.
NOT_WALKED = {
    "auth.login",
    "auth.callback",
    "auth.logged_out",
    "auth.frontchannel_logout",
    "staff_auth.login_start",
    "staff_auth.callback",
    "staff_auth.logged_out",
    "staff_auth.frontchannel_logout",
    "static",
    "calendar_feed.feed",
    "consent.receipt_json",
    "account.data_copy_json",
}


@dataclass
class FoundForm:
    page: str  # where the form is shown
    action: str  # where it posts
    values: MultiDict  # what it sends as it stands
    boosted: bool = True  # sent by htmx (unless the form opts out: a logout leaves the site)


@dataclass
class Site:
    pages: set[str] = field(default_factory=set)  # GET paths (with query) that answered 200
    forms: dict[str, FoundForm] = field(default_factory=dict)  # POST endpoint -> the richest form seen


def endpoint_of(app, path: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    parts = urlsplit(path)
    try:
        return adapter.match(parts.path, method=method)[0]
    except HTTPException:
        return None


def form_values(form) -> MultiDict:
    """What a browser would send for this form untouched: hidden fields, text, checked boxes, the
    first option, and the name/value of its first submit button."""
    values = MultiDict()
    for element in form.find_all(["input", "textarea", "select", "button"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        kind = (element.get("type") or "").lower()
        if element.name == "textarea":
            values.add(name, element.get_text())
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            if chosen is not None:
                values.add(name, chosen.get("value", chosen.get_text()))
        elif element.name == "button" or kind == "submit":
            if name not in values:
                values.add(name, element.get("value", ""))
        elif kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values.add(name, element.get("value", "on"))
        else:
            values.add(name, element.get("value", ""))
    return values


def post_forms(html: str) -> list:
    return [
        form
        for form in BeautifulSoup(html, "html.parser").find_all("form")
        if (form.get("method") or "get").lower() == "post"
    ]


def forms_on(html: str) -> list[tuple[str, MultiDict]]:
    return [(form.get("action") or "", form_values(form)) for form in post_forms(html)]


def links_on(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        a["href"].split("#")[0]
        for a in soup.find_all("a", href=True)
        if a["href"].startswith("/") and not a["href"].startswith("//")
    ]


def walk(app, raw_client, site: Site, start: list[str] | None = None) -> Site:
    """Every page reachable in three steps from `start` (the argument-free pages unless told), and
    the forms on them."""
    if start is None:
        start = sorted(
            rule.rule
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.endpoint not in NOT_WALKED
        )
    seen: set[str] = set()
    level = start
    for _depth in range(3):
        found_links: list[str] = []
        for path in level:
            if path in seen or endpoint_of(app, path, "GET") in (None, *NOT_WALKED):
                continue
            seen.add(path)
            response = raw_client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            found_links.extend(links_on(html))
            add_page(app, site, path, html)
        level = found_links
    return site


def add_page(app, site: Site, path: str, html: str, replace: set[str] = frozenset()) -> None:
    """The page and its forms; the richest form for each endpoint is kept, except the endpoints in
    `replace`, whose form on this page is kept whatever was seen before."""
    site.pages.add(path)
    for form in post_forms(html):
        action, values = form.get("action") or "", form_values(form)
        endpoint = endpoint_of(app, action, "POST")
        known = site.forms.get(endpoint)
        if endpoint is not None and (endpoint in replace or known is None or len(values) > len(known.values)):
            site.forms[endpoint] = FoundForm(path, action, values, form.get("hx-boost") != "false")
