"""Every route in the URL map, with its path parameters filled from what exists, fetched as a
page and as an htmx fragment, in standard and easy-read mode: what a curious reader could open.

A route whose parameters nobody knows how to fill fails the walk, so a new route is walked
without anyone remembering to add it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from flask import url_for

# The only route not walked: it would end the session the rest of the walk needs.
NOT_POSTED = {"auth.logout"}
# Pages past the first of a paged list; more than there are answers 404, which is walked too.
QUERIES = {"representation.access_log": [{"side": str(n)} for n in range(1, 6)]}


@dataclass(frozen=True)
class Visit:
    method: str
    endpoint: str
    url: str
    htmx: bool
    easy_read: bool
    status: int
    text: str  # the body and every header, where a private word could travel

    def __str__(self) -> str:
        return f"{self.method} {self.url}{' (htmx)' if self.htmx else ''}{' (lettlest)' if self.easy_read else ''}"


def urls(app, values: dict[str, list], method: str) -> list[tuple[str, str]]:
    """(endpoint, url) for every rule answering `method`, with every combination of the values
    for its parameters; fails for a parameter with no values."""
    found = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            if method not in rule.methods or (method == "POST" and rule.endpoint in NOT_POSTED):
                continue
            names = sorted(rule.arguments)
            unknown = [name for name in names if not values.get(name)]
            assert not unknown, f"the privacy walk cannot fill {unknown} in {rule.rule}: add values for them"
            for combination in itertools.product(*(values[name] for name in names)):
                arguments = dict(zip(names, combination, strict=False))
                for query in QUERIES.get(rule.endpoint, [{}]) if method == "GET" else [{}]:
                    found.append((rule.endpoint, url_for(rule.endpoint, **arguments, **query)))
    return found


def _csrf_token(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def walk(app, client, values: dict[str, list], alive: str) -> list[Visit]:
    """GET every page, then POST an empty form to every form (for the error and conflict pages),
    each as a page and as an htmx fragment, in standard and easy-read mode. Logging in and out
    come last; before them, `alive` must still be on Min side, or the walk read login pages only."""
    gets, posts = urls(app, values, "GET"), urls(app, values, "POST")
    visits = []
    for auth in (False, True):
        if auth:
            mine = client.get("/min-side")
            assert mine.status_code == 200 and alive in mine.get_data(as_text=True), "the walk lost its session"
        for easy_read in (False, True):
            with client.session_transaction() as session:
                session["easy_read"] = easy_read
            for endpoint, url in gets:
                if endpoint.startswith("auth.") != auth:
                    continue
                for htmx in (False, True):
                    response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
                    visits.append(_visit("GET", endpoint, url, htmx, easy_read, response))
        token = _csrf_token(client)
        for endpoint, url in posts:
            if endpoint.startswith("auth.") == auth:
                response = client.post(url, data={"csrf_token": token}, headers={"HX-Request": "true"})
                visits.append(_visit("POST", endpoint, url, True, True, response))
    return visits


def _visit(method, endpoint, url, htmx, easy_read, response) -> Visit:
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return Visit(
        method, endpoint, url, htmx, easy_read, response.status_code, headers + "\n" + response.get_data(as_text=True)
    )
