"""Every form, fuzzed: values drawn from the marshmallow schema its view loads (tests/hostile_input/
forms.py) replace, drop or repeat what the form carries, posted with a valid CSRF token by the
visitor who is shown the form. No answer may be 5xx; a refusal (422) says what to fix in an error
summary whose links reach the fields; every page is valid (the page checks run on each)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.hostile_input.attack import FUZZ, check_refusal, checked, current_values, richest
from tests.hostile_input.conftest import visitor
from tests.hostile_input.forms import FORMS
from tests.hostile_input.values import TEXT, values_for

KEEP, DROP = "keep", "drop"


def _post_endpoints(app) -> set[str]:
    # The FHIR API takes JSON from systems, not forms: its bad input is in tests/api/test_writing_goals.py.
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.endpoint.startswith("api.")
    }


def test_every_form_route_says_what_its_form_holds(hostile_app):
    assert sorted(_post_endpoints(hostile_app) - set(FORMS)) == []
    assert sorted(set(FORMS) - _post_endpoints(hostile_app)) == []


def test_every_form_is_found_on_a_page_so_it_is_fuzzed(sites):
    found = set().union(*(site.forms for site in sites.values()))
    assert sorted(set(FORMS) - found) == []


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


def _attack(app, sites, endpoint: str) -> None:
    who, found = richest(sites, endpoint)
    held = FORMS[endpoint]
    names = sorted((set(held) | set(found.values)) - {"csrf_token"})
    choice = {
        name: st.one_of(
            st.just(KEEP),
            st.just(DROP),
            values_for(held[name]) if name in held else st.lists(TEXT, min_size=1, max_size=2),
        )
        for name in names
    }

    @FUZZ
    @given(choices=st.fixed_dictionaries(choice), htmx=st.booleans())
    def post(choices, htmx):
        client = visitor(app, who)
        values = current_values(client, found)
        sent = _filled(values, choices)
        sent.setlist("csrf_token", values.getlist("csrf_token"))
        response = checked(client, "POST", found.action, sent, htmx=htmx and found.boosted)
        assert response.status_code < 500, f"{response.status_code} from {found.action} with {sent!r}"
        if response.status_code == 422:
            check_refusal(response.get_data(as_text=True), found.action)

    post()


def test_no_form_answers_a_server_error_to_hostile_values(hostile_app, sites):
    failures = []
    for endpoint in sorted(FORMS):
        try:
            _attack(hostile_app, sites, endpoint)
        except Exception as error:  # noqa: BLE001 - every form's failure at once
            failures.append(f"{endpoint}: {type(error).__name__}: {str(error)[:1500]}")
    assert failures == []
