"""What every attack here does: find the form to attack, post it and check what comes back."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, settings
from werkzeug.datastructures import MultiDict

from tests.conftest import PageClient
from tests.hostile_input.site import forms_on

# Bounded so that the folder runs in about a minute per database, the same examples every run;
# no shrinking (minutes on pages this size): a failure shows the example as it was drawn.
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
QUERY_FUZZ = settings(FUZZ, max_examples=3)  # ~40 routes, twice: a few each keeps it brief


def checked(client: PageClient, method: str, path: str, data=None, htmx: bool = False):
    """A request with the page checks on what comes back, except htmx's bodiless 204 (a redirect
    htmx cannot follow); errors name the path shortened, hostile paths run to thousands of characters."""
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.client.open(path, method=method, data=data, headers=headers)
    if response.status_code != 204:
        client._check(response, path if len(path) < 200 else f"{path[:200]}…", htmx)
    return response


def richest(sites, endpoint: str):
    """The visitor shown the fullest version of a form (a parent also records the child's view)."""
    offers = [(who, site.forms[endpoint]) for who, site in sites.items() if endpoint in site.forms]
    return max(offers, key=lambda offer: len(offer[1].values))


def current_values(client, found) -> MultiDict:
    """The form as the page shows it now (a newer version, a new token); as first seen if it is gone."""
    response = client.client.get(found.page)
    for action, values in forms_on(response.get_data(as_text=True)) if response.status_code == 200 else []:
        if action == found.action:
            return values
    values = MultiDict(found.values)
    values.setlist("csrf_token", [client.csrf_token(found.page)])  # the token of the form's side
    return values


def check_refusal(html: str, path: str) -> None:
    """A refusal says what to fix: an error summary whose every link reaches a field on the page."""
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.find(attrs={"data-error-summary": True})
    assert summary is not None, f"422 without an error summary: {path}"
    targets = [a["href"][1:] for a in summary.find_all("a", href=True)]
    assert targets, f"an error summary that names nothing to fix: {path}"
    missing = [t for t in targets if soup.find(id=t) is None]
    assert missing == [], f"error summary links to fields that are not on the page: {path}"
