"""Every form, fuzzed: values drawn from the marshmallow schema its view loads (tests/hostile_input/
forms.py) replace, drop or repeat what the form carries, posted with a valid CSRF token by the
visitor who is shown the form. No answer may be 5xx; a refusal (422) says what to fix in an error
summary whose links reach the fields; every page is valid (the page checks run on each)."""
from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.hostile_input.conftest import checked, visitor
from tests.hostile_input.forms import FORMS
from tests.hostile_input.site import forms_on
from tests.hostile_input.values import TEXT, values_for

# Bounded so that the folder runs in about a minute per database, the same examples every run;
# no shrinking (minutes on pages this size): a failure shows the example as it was drawn.
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KEEP, DROP = "keep", "drop"


def _post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def test_every_form_route_says_what_its_form_holds(hostile_app):
    assert sorted(_post_endpoints(hostile_app) - set(FORMS)) == []
    assert sorted(set(FORMS) - _post_endpoints(hostile_app)) == []


def test_every_form_is_found_on_a_page_so_it_is_fuzzed(sites):
    found = set().union(*(site.forms for site in sites.values()))
    assert sorted(set(FORMS) - found) == []


def _richest(sites, endpoint: str):
    """The visitor shown the fullest version of a form (a parent also records the child's view)."""
    offers = [(who, site.forms[endpoint]) for who, site in sites.items() if endpoint in site.forms]
    return max(offers, key=lambda offer: len(offer[1].values))


def _current_values(client, found) -> MultiDict:
    """The form as the page shows it now (a newer version, a new token); as first seen if it is gone."""
    response = client.client.get(found.page)
    for action, values in forms_on(response.get_data(as_text=True)) if response.status_code == 200 else []:
        if action == found.action:
            return values
    values = MultiDict(found.values)
    values.setlist("csrf_token", [client.csrf_token("/min-side")])
    return values


def _filled(values: MultiDict, choices: dict[str, object]) -> MultiDict:
    sent = MultiDict()
    for name, choice in choices.items():
        if choice == KEEP:
            for value in values.getlist(name):
                sent.add(name, value)
        elif choice != DROP:
            for value in choice:
                sent.add(name, value)
    return sent


def _check_refusal(html: str, path: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.find(attrs={"data-error-summary": True})
    assert summary is not None, f"422 without an error summary: {path}"
    targets = [a["href"][1:] for a in summary.find_all("a", href=True)]
    assert targets, f"an error summary that names nothing to fix: {path}"
    missing = [t for t in targets if soup.find(id=t) is None]
    assert missing == [], f"error summary links to fields that are not on the page: {path}"


def _attack(app, sites, endpoint: str) -> None:
    who, found = _richest(sites, endpoint)
    held = FORMS[endpoint]
    names = sorted((set(held) | set(found.values)) - {"csrf_token"})
    choice = {name: st.one_of(st.just(KEEP), st.just(DROP), values_for(held[name]) if name in held
                              else st.lists(TEXT, min_size=1, max_size=2)) for name in names}

    @FUZZ
    @given(choices=st.fixed_dictionaries(choice), htmx=st.booleans())
    def post(choices, htmx):
        client = visitor(app, who)
        values = _current_values(client, found)
        sent = _filled(values, choices)
        sent.setlist("csrf_token", values.getlist("csrf_token"))
        response = checked(client, "POST", found.action, sent, htmx=htmx and found.boosted)
        assert response.status_code < 500, f"{response.status_code} from {found.action} with {sent!r}"
        if response.status_code == 422:
            _check_refusal(response.get_data(as_text=True), found.action)

    post()


def test_no_form_answers_a_server_error_to_hostile_values(hostile_app, sites):
    failures = []
    for endpoint in sorted(FORMS):
        try:
            _attack(hostile_app, sites, endpoint)
        except Exception as error:  # noqa: BLE001 - every form's failure at once, each shrunk by Hypothesis
            failures.append(f"{endpoint}: {type(error).__name__}: {str(error)[:1500]}")
    assert failures == []
