"""Hostile values in every route's URL parameters, generated from the URL map: a new route is
attacked without anyone remembering to add it. Nothing may answer 5xx; an id that cannot be an id
and a path segment no link of ours makes are simply not found. The staff routes are attacked by
a KE officer too, and a citizen (or nobody) never gets further on them than the staff login or a
404."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import PathConverter

from app.sessions import STAFF_PREFIX
from app.urls import IdConverter, SegmentConverter
from tests.hostile_input.conftest import VISITORS, csrf_token, visitor
from tests.hostile_input.staff_site import HOME as STAFF_HOME

# Already percent-encoded, as they would travel in a request line.
OUT_OF_RANGE = {"zero": "0", "negative": "-1", "2**31": str(2**31), "2**63": str(2**63), "10**30": str(10**30)}
NOT_A_NUMBER = {
    "fullwidth digit": "%EF%BC%91",
    "arabic-indic digit": "%D9%A1",
    "float": "1.5",
    "exponent": "1e3",
    "leading space": "%201",
    "hex": "0x1",
}
UNPRINTABLE = {"nul": "%00", "nul inside": "a%00b", "newline": "a%0Ab", "escape": "%1B%5B31m", "delete": "a%7F"}
OTHER = {
    "5000 characters": "a" * 5000,
    "dot dot": "..",
    "dot dot slash": "../",
    "encoded traversal": "..%2F..%2Fetc%2Fpasswd",
    "right-to-left override": "%E2%80%AEfdp.exe",
    "invalid utf-8": "%FF%FE",
    "markup": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "sql": "1%27%20OR%20%271%27%3D%271",
    "emoji": "%F0%9F%92%A9",
    "percent": "%25",
    "empty": "",
}
HOSTILE = {**OUT_OF_RANGE, **NOT_A_NUMBER, **UNPRINTABLE, **OTHER}

# A harmless value for the arguments not under attack, and what each converter must answer for
# the hostile values it can never accept (before anyone's rights are even looked at).
KNOWN_CONVERTERS = {
    IdConverter: ("1", {**OUT_OF_RANGE, **NOT_A_NUMBER, **UNPRINTABLE}),
    SegmentConverter: ("x", {**UNPRINTABLE, "5000 characters": "a" * 5000}),
    PathConverter: ("x", {}),
}


def _rules_with_arguments(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.arguments), key=lambda r: r.rule)


def _url(rule, attacked: str, value: str) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(2)
        return value if name == attacked else KNOWN_CONVERTERS[type(rule._converters[name])][0]

    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", fill, rule.rule)


def test_every_url_parameter_has_a_converter_these_attacks_know(hostile_app):
    unknown = {
        f"{rule.rule} {name}: {type(converter).__name__}"
        for rule in _rules_with_arguments(hostile_app)
        for name, converter in rule._converters.items()
        if type(converter) not in KNOWN_CONVERTERS
    }
    assert unknown == set()


def test_the_attacked_routes_include_goals_topics_and_contacts(hostile_app):
    rules = {rule.rule for rule in _rules_with_arguments(hostile_app)}
    assert {
        "/plan/mal/<int:goal_id>",
        "/plan/mal/<int:goal_id>/endre",
        "/plan/mote/<int:meeting_id>/tema",
        "/kontakt/<string:slug>",
    } <= rules


def _kept_out(response) -> bool:
    """Not found, or sent to the staff login."""
    location = response.headers.get("Location", "")
    return response.status_code == 404 or (300 <= response.status_code < 400 and "/ansatt/logg-inn" in location)


@pytest.mark.parametrize("who", [*VISITORS, "officer"])
def test_no_hostile_url_parameter_is_answered_with_a_server_error(hostile_app, who):
    client = visitor(hostile_app, who)
    tokens = {False: csrf_token(client), True: csrf_token(client, STAFF_HOME)}  # by side: staff or not
    staff = who == "officer"
    failures = []
    for rule in _rules_with_arguments(hostile_app):
        staff_route = rule.rule.startswith(STAFF_PREFIX + "/")
        if staff and not staff_route:
            continue  # the citizens' routes are the citizens' visitors' to attack
        token = tokens[staff_route]
        for name, converter in rule._converters.items():
            refused = KNOWN_CONVERTERS[type(converter)][1]
            for label, value in HOSTILE.items():
                url = _url(rule, name, value)
                for method in sorted(rule.methods & {"GET", "POST"}):
                    # The raw client: a status is all this asks, and page checks on ~1000 pages cost a minute.
                    if method == "GET":
                        response = client.client.get(url)
                    else:
                        response = client.client.post(url, data={"csrf_token": token} if token else {})
                    status = response.status_code
                    if status >= 500 or (label in refused and status != 404):
                        failures.append(f"{method} {rule.rule} {name}={label}: {status}")
                    elif method == "GET" and staff_route and not staff and not _kept_out(response):
                        failures.append(f"{method} {rule.rule} {name}={label} as {who}: {status}")
    assert failures == []
